package org.labwatch.plots;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

class StoreAndListTest {

    @TempDir
    Path dir;

    private final PlotStore store = new FilePlotStore();

    @Test
    void storeCreatesTheDirectoryAndListShowsNewestFirst() throws IOException {
        Path plots = dir.resolve("expt/monitoring/plots");
        assertEquals(List.of(), store.list(plots));

        StoredPlot a = store.store(plots, store.prepare("a", Images.png(16, 1)));
        store.store(plots, store.prepare("b", Images.jpeg(16)));
        store.store(plots, store.prepare("c", "<svg/>".getBytes(UTF_8)));
        store.store(plots, store.prepare("d", Images.png(16, 2)));
        assertEquals(plots.resolve("a.png"), a.path());
        assertEquals(PlotType.PNG, a.type());
        assertEquals(Files.size(a.path()), a.bytes());

        Instant base = Instant.parse("2025-01-01T12:00:00Z");
        Files.setLastModifiedTime(plots.resolve("a.png"), FileTime.from(base.plusSeconds(30)));
        Files.setLastModifiedTime(plots.resolve("b.jpg"), FileTime.from(base.plusSeconds(10)));
        Files.setLastModifiedTime(plots.resolve("c.svg"), FileTime.from(base.plusSeconds(20)));
        Files.setLastModifiedTime(plots.resolve("d.png"), FileTime.from(base.plusSeconds(10)));

        List<StoredPlot> listed = store.list(plots);
        assertEquals(
                List.of("a.png", "c.svg", "b.jpg", "d.png"),
                listed.stream().map(StoredPlot::fileName).toList());
        assertEquals(
                List.of(PlotType.PNG, PlotType.SVG, PlotType.JPEG, PlotType.PNG),
                listed.stream().map(StoredPlot::type).toList());
        assertEquals(base.plusSeconds(30), listed.get(0).modified());
    }

    @Test
    void listShowsOtherFilesWithoutTypeAndSkipsHiddenDirectoriesAndLinksLeadingOut(
            @org.junit.jupiter.api.io.TempDir Path outside) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve(".half.png.1234.tmp"), "temp");
        Files.write(dir.resolve("real.png"), Images.png(8, 3));
        Files.createSymbolicLink(dir.resolve("link.png"), dir.resolve("real.png"));
        // A link to a readable image elsewhere on the server: not this directory's plot.
        Path secret = Files.write(outside.resolve("secret.png"), Images.png(8, 4));
        Files.createSymbolicLink(dir.resolve("out.png"), secret);

        List<StoredPlot> listed = store.list(dir);
        assertEquals(
                List.of("link.png", "notes.txt", "real.png"),
                listed.stream().map(StoredPlot::fileName).sorted().toList(),
                "a link within the directory is listed, one leading out is not");
        StoredPlot notes = listed.stream()
                .filter(p -> p.fileName().equals("notes.txt"))
                .findFirst()
                .orElseThrow();
        assertNull(notes.type());

        // find looks at one file and answers as the listing does, for each name above and for none.
        for (StoredPlot p : listed) {
            assertEquals(java.util.Optional.of(p), store.find(dir, p.fileName()), p.fileName());
        }
        for (String none : List.of("out.png", ".half.png.1234.tmp", "sub", "missing.png", "..", "sub/x.png")) {
            assertTrue(store.find(dir, none).isEmpty(), none);
        }
        assertTrue(store.find(dir.resolve("no-such-dir"), "real.png").isEmpty());
    }

    @Test
    void storeReplacesAndLeavesNoTempFiles() throws IOException {
        byte[] first = Images.png(16, 1);
        byte[] second = Images.png(40, 2);
        store.store(dir, store.prepare("fit", first));
        StoredPlot replaced = store.store(dir, store.prepare("fit", second));
        assertArrayEquals(second, Files.readAllBytes(replaced.path()));
        assertEquals(second.length, replaced.bytes());
        assertEquals(List.of("fit.png"), fileNames(dir));
    }

    @Test
    void storeRefusesAnUncheckedUnsafeName() {
        Plot forged = new Plot("../escape.png", PlotType.PNG, Images.png(8, 1));
        assertThrows(IllegalArgumentException.class, () -> store.store(dir, forged));
        assertTrue(Files.notExists(dir.getParent().resolve("escape.png")));
    }

    @Test
    void failedStoreDeletesItsTempFileAndPropagates() throws IOException {
        Files.createDirectories(dir.resolve("fit.png"));
        Files.writeString(dir.resolve("fit.png/inside"), "a non-empty directory cannot be replaced by a file");
        assertThrows(IOException.class, () -> store.store(dir, store.prepare("fit", Images.png(8, 1))));
        assertEquals(List.of("fit.png"), fileNames(dir));
    }

    @Test
    void readersNeverSeeAPartialPlotWhileItIsReplaced() throws Exception {
        byte[] small = Images.png(32, 1);
        byte[] large = Images.png(400, 2);
        Plot smallPlot = store.prepare("live", small);
        Plot largePlot = store.prepare("live", large);
        StoredPlot stored = store.store(dir, smallPlot);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 500; i++) {
                try {
                    store.store(dir, i % 2 == 0 ? largePlot : smallPlot);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        int reads = 0;
        while (!writer.isDone() || reads == 0) {
            byte[] seen = Files.readAllBytes(stored.path());
            assertTrue(
                    Arrays.equals(seen, small) || Arrays.equals(seen, large),
                    "read " + seen.length + " bytes that are neither version");
            reads++;
        }
        writer.get(60, TimeUnit.SECONDS);
        assertTrue(reads > 0);
        assertEquals(List.of("live.png"), fileNames(dir));
    }

    @Test
    void foundByServiceLoader() {
        assertInstanceOf(
                FilePlotStore.class,
                ServiceLoader.load(PlotStore.class).findFirst().orElseThrow());
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/** PgPlotStore through the SPI: the file plot store's checks, whole replacement, newest first. */
class PgPlotStoreTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
    private static final byte[] SVG =
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path root;

    private TestNode node;
    private PlotStore store;
    private long maxBytes = 50L * 1024 * 1024;

    @BeforeEach
    void node() throws Exception {
        node = new TestNode(pg, pg.create(), "plots", root);
        store = new PgPlotStore(node.files, () -> maxBytes);
    }

    @AfterEach
    void close() {
        node.close();
    }

    private static String outcome(PlotStore s, String name, byte[] bytes) {
        try {
            Plot p = s.prepare(name, bytes);
            return p.fileName() + " " + p.type();
        } catch (IllegalArgumentException e) {
            return "refused: "
                    + e.getMessage()
                            .replace("maxPlotBytes of org.labwatch.store.postgres", "maxBytes of org.labwatch.plots");
        }
    }

    @Test
    void prepareAcceptsAndRefusesWhatTheFilePlotStoreDoesWithTheSameWords() {
        PlotStore files = new FilePlotStore();
        byte[] html = "<html><svg/></html>".getBytes(StandardCharsets.UTF_8);
        Object[][] inputs = {
            {"rabi", PNG}, {"rabi.png", PNG}, {"scan.v2", PNG}, {"photo.JPG", JPEG}, {"chart", SVG},
            {"rabi.svg", PNG}, {"page", html}, {"empty", new byte[0]}, {"../escape", PNG}, {"CON", PNG},
            {"", PNG}, {"x".repeat(130), PNG},
        };
        for (Object[] in : inputs) {
            String name = (String) in[0];
            byte[] bytes = (byte[]) in[1];
            assertEquals(outcome(files, name, bytes), outcome(store, name, bytes), "plot " + name);
        }
    }

    @Test
    void aPlotBiggerThanTheLimitIsRefusedSayingTheLimitAndItsSetting() {
        maxBytes = 1000;
        byte[] big = Arrays.copyOf(PNG, 1001);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.prepare("rabi", big));
        assertEquals(
                "plot \"rabi\" is 1001 bytes, more than the limit of 1000 bytes (setting maxPlotBytes of"
                        + " org.labwatch.store.postgres)",
                e.getMessage());
        assertEquals("rabi.png", store.prepare("rabi", Arrays.copyOf(PNG, 1000)).fileName(), "at the limit is fine");
    }

    @Test
    void storedPlotsAreListedNewestFirstFoundAndOpenedAndReplacedWhole() throws Exception {
        Path plots = root.resolve("qubit1/monitoring/plots");
        StoredPlot first = store.store(plots, store.prepare("rabi", PNG));
        StoredPlot second = store.store(plots, store.prepare("spectrum", SVG));
        assertEquals(
                new StoredPlot("rabi.png", plots.resolve("rabi.png"), PlotType.PNG, PNG.length, first.modified()),
                first);
        assertFalse(Files.exists(plots), "nothing on the node's disk");

        List<StoredPlot> listed = store.list(plots);
        assertEquals(List.of(second, first), listed);

        byte[] changed = Arrays.copyOf(PNG, 40);
        StoredPlot replaced = store.store(plots, store.prepare("rabi.png", changed));
        assertEquals(List.of("rabi.png", "spectrum.svg"), names(store.list(plots)), "the replaced plot is the newest");
        assertEquals(Optional.of(replaced), store.find(plots, "rabi.png"));
        try (InputStream in = store.open(replaced)) {
            assertArrayEquals(changed, in.readAllBytes());
        }

        assertEquals(Optional.empty(), store.find(plots, "none.png"));
        assertEquals(Optional.empty(), store.find(plots, "../plots/rabi.png"));
        assertEquals(List.of(), store.list(root.resolve("none/monitoring/plots")));
        assertThrows(
                NoSuchFileException.class,
                () -> store.open(
                        new StoredPlot("gone.png", plots.resolve("gone.png"), PlotType.PNG, 1, first.modified())));
        // a record built by hand with an unsafe name is refused before anything is written
        assertThrows(IllegalArgumentException.class, () -> store.store(plots, new Plot("../x.png", PlotType.PNG, PNG)));
        assertEquals(2, store.list(plots).size());
    }

    private static List<String> names(List<StoredPlot> plots) {
        List<String> out = new ArrayList<>();
        for (StoredPlot p : plots) {
            out.add(p.fileName());
        }
        return out;
    }

    @Test
    void aFileThatIsNoImageIsListedWithoutAType() throws Exception {
        Path plots = root.resolve("qubit1/monitoring/plots");
        node.files.replace(plots.resolve("notes.txt"), FileKind.PLOT, "just text".getBytes(StandardCharsets.UTF_8));
        List<StoredPlot> listed = store.list(plots);
        assertEquals(1, listed.size());
        assertEquals(null, listed.get(0).type());
        assertTrue(listed.get(0).bytes() == 9);
    }
}

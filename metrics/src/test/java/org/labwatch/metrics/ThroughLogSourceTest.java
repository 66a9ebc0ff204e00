package org.labwatch.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.metrics.Told.Grew;
import org.labwatch.spi.RunMetrics;
import org.labwatch.spi.Subscription;
import org.labwatch.testsupport.RelocatedStores;

/**
 * The reader reads and follows metrics files only through the bound log source: with a source that
 * keeps them elsewhere (as the database store keeps rows under the files' paths), and across a
 * source swapped in and out under an open watch.
 */
class ThroughLogSourceTest {

    private static final String STAMP = "20261204_201503";

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    private Runs runs;
    private Subscription watch;

    private final Told told = new Told();

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (runs != null) {
            runs.close();
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void metricsKeptElsewhereAreFoundReadAndFollowedThroughTheSource() throws Exception {
        RelocatedStores stores = new RelocatedStores(data, elsewhere);
        runs = new Runs(data, stores.logSource(new FileLogSource()), Map.of());
        Path file = runs.run("rabi", STAMP);
        Path kept = write(stores.backingOf(file), Runs.HEADER + "1.000,0,T1_us,1.0\n");
        // A run whose status names no log: its stem is that of the log the index finds through the source.
        Path seedDir = runs.seedRun("autocalibration");
        write(stores.backingOf(data.resolve("monitoring/logs/autocalibration_20261204_000001.log")), "started\n");
        Path seedKept = write(
                stores.backingOf(seedDir.resolve("autocalibration_20261204_000001.csv")),
                Runs.HEADER + "1.000,0,fit/chi2,2.0\n");
        assertFalse(Files.exists(file), "nothing at the path the reader asks for");

        RunMetrics rabi = runs.source().metrics("rabi").orElseThrow();
        assertEquals("rabi_" + STAMP + ".csv", rabi.file());
        assertEquals(1.0, rabi.metrics().get(0).last());
        assertEquals(
                2.0,
                runs.source()
                        .metrics("autocalibration")
                        .orElseThrow()
                        .metrics()
                        .get(0)
                        .last());

        watch = runs.source().watch(told);
        Runs.append(kept, "2.000,1,Q,7.0\n");
        told.await(new Grew("rabi", Set.of("Q")));
        Runs.append(seedKept, "2.000,1,fit/amplitude,0.5\n");
        told.await(new Grew("autocalibration", Set.of("fit/amplitude")));
        assertEquals(2, runs.source().metrics("rabi").orElseThrow().metrics().size());
        assertEquals(
                List.of(new Grew("rabi", Set.of("Q")), new Grew("autocalibration", Set.of("fit/amplitude"))), told.all);
    }

    /**
     * The PostgreSQL store replacing the files (a higher service.ranking) is bound before the file
     * source is unbound: the open watch follows the new one, reading on where it was in a file the
     * new store holds more of, and the charts' next question is answered from the new store.
     */
    @Test
    void aSourceSwappedUnderAnOpenWatchIsFollowedOnFromWhereItWas() throws Exception {
        runs = new Runs(data);
        Path file = runs.run("rabi", STAMP);
        Files.writeString(file, Runs.HEADER + "1.000,0,history,1.0\n");
        watch = runs.source().watch(told);
        Runs.append(file, "2.000,1,T1_us,2.0\n");
        told.await(new Grew("rabi", Set.of("T1_us")));
        assertEquals(2, runs.source().metrics("rabi").orElseThrow().metrics().size());

        // The new store has the file too, and a value more (written through another node).
        RelocatedStores stores = new RelocatedStores(data, elsewhere);
        Path kept = write(stores.backingOf(file), Files.readString(file) + "3.000,2,Q,7.0\n");
        runs.source.bindLogSource(stores.logSource(new FileLogSource()));
        runs.source.unbindLogSource(runs.logs);
        told.await(new Grew("rabi", Set.of("Q")));
        assertEquals(
                List.of("Q", "T1_us", "history"),
                runs.source().metrics("rabi").orElseThrow().metrics().stream()
                        .map(RunMetrics.Metric::name)
                        .toList(),
                "read from the new store");

        // Only the new store is followed now.
        Runs.append(file, "4.000,3,old_store,1.0\n");
        Runs.append(kept, "4.000,3,fit/chi2,1.5\n");
        told.await(new Grew("rabi", Set.of("fit/chi2")));
        assertEquals(
                List.of(
                        new Grew("rabi", Set.of("T1_us")),
                        new Grew("rabi", Set.of("Q")),
                        new Grew("rabi", Set.of("fit/chi2"))),
                told.all);
    }

    @Test
    void withoutASourceTheReaderSaysWhyAndItsWatchWaitsForTheNextOne() throws Exception {
        runs = new Runs(data);
        Path file = runs.run("rabi", STAMP);
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,1.0\n");
        watch = runs.source().watch(told);
        runs.source.unbindLogSource(runs.logs);
        IOException none = assertThrows(IOException.class, () -> runs.source().metrics("rabi"));
        assertTrue(none.getMessage().contains("no log source"), none.getMessage());

        runs.source.bindLogSource(new FileLogSource());
        assertEquals(
                1, runs.source().metrics("rabi").orElseThrow().metrics().get(0).count());
        // What the file held when the source came is history; what comes after is news.
        await("the new source followed").atMost(Told.WAIT).until(() -> {
            Runs.append(file, "2.000,1,Q,7.0\n");
            return told.all.contains(new Grew("rabi", Set.of("Q")));
        });
        for (Grew g : told.all) {
            assertFalse(g.names().contains("T1_us"), told.all.toString());
        }
    }
}

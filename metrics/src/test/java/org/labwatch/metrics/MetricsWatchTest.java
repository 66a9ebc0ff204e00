package org.labwatch.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.metrics.Told.Grew;
import org.labwatch.spi.Subscription;

/** Growth of real metrics files, told per run and metric, for local runs and shipped roots. */
class MetricsWatchTest {

    @TempDir
    Path data;

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

    @Test
    void appendedValuesAreToldByRunAndNameAndWhatWasThereIsNot() throws Exception {
        runs = new Runs(data);
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,history,1.0\n");
        Path shipped = Runs.run(data.resolve("remote/fridge-pc/qubit1/monitoring"), "rabi", "20261204_201503");
        Files.writeString(shipped, Runs.HEADER + "1.000,0,history,1.0\n");
        runs.index.experiments(); // outside a container the index finds shipped roots when it lists
        watch = runs.source().watch(told);

        Runs.append(file, "2.000,1,T1_us,2.0\n2.000,1,fit/chi2,1.5\n");
        told.await(new Grew("rabi", Set.of("T1_us", "fit/chi2")));
        Runs.append(shipped, "2.000,1,Q,7.0\n");
        told.await(new Grew("rabi@fridge-pc.qubit1", Set.of("Q")));
        // A line still being written is told once it is complete.
        Runs.append(file, "3.000,2,T1");
        Runs.append(file, "_us,3.0\n");
        await().atMost(Told.WAIT)
                .until(() -> told.all.stream()
                                .filter(g -> g.equals(new Grew("rabi", Set.of("T1_us"))))
                                .count()
                        >= 1);
        for (Grew g : told.all) {
            assertTrue(!g.names().contains("history") && !g.names().isEmpty(), told.all.toString());
        }
    }

    @Test
    void aRootShippedAfterTheWatchStartedIsFollowedFromItsStart() throws Exception {
        runs = new Runs(data);
        Files.createDirectories(data.resolve("monitoring/status"));
        watch = runs.source().watch(told);

        Path shipped = Runs.run(data.resolve("remote/laser_pc/qubit2/monitoring"), "sweep", "20261204_201503");
        Files.writeString(shipped, Runs.HEADER + "1.000,0,power_mW,3.0\n");
        // A container's index looks for new roots every second; this one looks when it lists.
        await().atMost(Told.WAIT).until(() -> {
            runs.index.experiments();
            return told.all.contains(new Grew("sweep@laser_pc.qubit2", Set.of("power_mW")));
        });
    }

    /**
     * The index finds a new run a moment after its status file is written (a new status directory
     * only at its next look): what the run's metrics file got before then is told when the run
     * comes, not read past and lost (a chart would miss that value until the file grew again).
     */
    @Test
    void valuesWrittenBeforeTheIndexKnowsTheRunAreToldWhenTheRunComes() throws Exception {
        runs = new Runs(data);
        Files.createDirectories(data.resolve("monitoring/status"));
        Path file = Files.createDirectories(data.resolve("monitoring/metrics")).resolve("rabi_20261204_201503.csv");
        Files.writeString(file, Runs.HEADER);
        MetricsWatch metrics = new MetricsWatch(runs.index, runs.logs, told, w -> {});
        watch = metrics;

        Runs.append(file, "2.000,1,T1_us,2.0\n2.000,1,fit/chi2,1.5\n");
        await("the new lines read, and held for a run").atMost(Told.WAIT).until(() -> metrics.unownedFiles() == 1);
        assertEquals(List.of(), told.all, "told before any run owns the file");
        assertEquals(file, Runs.run(data.resolve("monitoring"), "rabi", "20261204_201503"));
        told.await(new Grew("rabi", Set.of("T1_us", "fit/chi2")));
        assertEquals(0, metrics.unownedFiles());

        Runs.append(file, "3.000,2,T1_us,3.0\n");
        told.await(new Grew("rabi", Set.of("T1_us")));
        assertEquals(
                List.of(new Grew("rabi", Set.of("T1_us", "fit/chi2")), new Grew("rabi", Set.of("T1_us"))), told.all);
    }

    @Test
    void aSeedRunsNewestFileIsItsOwnAndOthersAreNobodys() throws Exception {
        runs = new Runs(data);
        runs.seedLog("autocalibration", "20261203_000000");
        runs.seedLog("autocalibration", "20261204_000000");
        Path dir = runs.seedRun("autocalibration");
        Path older = dir.resolve("autocalibration_20261203_000000.csv");
        Files.writeString(older, Runs.HEADER);
        Path newest = dir.resolve("autocalibration_20261204_000000.csv");
        Files.writeString(newest, Runs.HEADER);
        watch = runs.source().watch(told);
        Runs.append(older, "1.000,0,stale,1.0\n");
        Runs.append(newest, "1.000,0,fresh,1.0\n");
        told.await(new Grew("autocalibration", Set.of("fresh")));
        assertEquals(List.of(new Grew("autocalibration", Set.of("fresh"))), told.all, "the older file is no run's");
    }

    /**
     * The source tells of every file of the directories; only metrics files are read (a line of
     * another file would wait for a run as if it were one), and a line that was being written when
     * the watch started is history like the lines before it.
     */
    @Test
    void otherFilesAreLeftAloneAndALineBegunBeforeTheStartIsHistory() throws Exception {
        runs = new Runs(data);
        Path file = runs.run("rabi", "20261204_201503");
        // Cut where what follows would pass for a line of its own: 12.000,1,history,2.0 was begun before.
        Files.writeString(file, Runs.HEADER + "1.000,0,history,1.0\n1");
        Path notes = Files.writeString(file.resolveSibling("rabi_20261204_201503.txt"), "");
        MetricsWatch metrics = new MetricsWatch(runs.index, runs.logs, told, w -> {});
        watch = metrics;
        Runs.append(notes, "2.000,1,notes,1.0\n");
        Runs.append(file, "2.000,1,history,2.0\n3.000,2,T1_us,3.0\n");
        told.await(new Grew("rabi", Set.of("T1_us")));
        Runs.append(file, "4.000,3,Q,3.0\n");
        told.await(new Grew("rabi", Set.of("Q")));
        assertEquals(List.of(new Grew("rabi", Set.of("T1_us")), new Grew("rabi", Set.of("Q"))), told.all);
        assertEquals(0, metrics.unownedFiles(), "the other file was not read");
    }

    @Test
    void aListenerThatThrowsKeepsBeingTold() throws Exception {
        runs = new Runs(data, Map.of());
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER);
        watch = runs.source().watch((id, names) -> {
            told.all.add(new Grew(id, names));
            throw new IllegalStateException("a listener's bug");
        });
        Runs.append(file, "2.000,1,a,2.0\n");
        told.await(new Grew("rabi", Set.of("a")));
        Runs.append(file, "2.000,1,b,2.0\n");
        told.await(new Grew("rabi", Set.of("b")));
    }
}

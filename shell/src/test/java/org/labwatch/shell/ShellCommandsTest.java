package org.labwatch.shell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.index.StatusIndex;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.RelocatedStores;

/** The commands' output for a real run written by the real monitor, read through the real index. */
class ShellCommandsTest {

    @TempDir
    Path data;

    private final List<StatusIndex> indexes = new java.util.ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** A real index of what is in the data directory now (complete when it returns). */
    private ExperimentIndex index() {
        StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of());
        index.bindLogSource(new FileLogSource());
        indexes.add(index);
        return index;
    }

    @org.junit.jupiter.api.AfterEach
    void closeIndexes() {
        indexes.forEach(StatusIndex::close);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listAndShowAKnownRun() throws Exception {
        try (Monitor m = Monitors.create(data, "qubit_cal")) {
            m.updateProgress("Resonator Spectroscopy", 1, 10, "Finding readout frequency...");
            m.warn("fridge drifting");
            m.error("fit failed", new IllegalStateException("chi2"));
            m.updateProgress("Rabi", 2, 10);

            ListCommand list = new ListCommand();
            list.index = index();
            list.out = out;
            list.execute();
            String table = output();
            assertTrue(table.contains("qubit_cal"), table);
            assertTrue(table.contains("running"), table);
            assertTrue(table.contains("2/10 Rabi"), table);
            assertTrue(table.contains("20.0%"), table);

            bytes.reset();
            ShowCommand show = new ShowCommand();
            show.index = index();
            show.out = out;
            show.id = "qubit_cal";
            show.execute();
            String shown = output();
            assertTrue(shown.startsWith("qubit_cal  [running]  20.0%  step 2/10 Rabi"), shown);
            assertTrue(shown.contains("1. Resonator Spectroscopy"), shown);
            assertTrue(shown.contains("WARNING fridge drifting"), shown);
            assertTrue(shown.contains("Errors: 1"), shown);
            assertTrue(shown.contains("log file    " + data.toAbsolutePath().resolve("monitoring/logs")), shown);
            m.complete("done");
        }
        bytes.reset();
        ListCommand list = new ListCommand();
        list.index = index();
        list.out = out;
        list.execute();
        assertTrue(output().contains("completed"), output());
    }

    @Test
    void seedFileWithoutHeartbeatIsShownStaleAndUnreadableFilesAreListed() throws Exception {
        Path status = Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(status.resolve("autocalibration_status.json"), """
                {"experiment_name": "autocalibration", "start_time": "2025-01-01T12:00:00",
                 "last_update": "2025-01-01T12:30:00", "current_step": 5, "total_steps": 10,
                 "progress_percent": 50.0, "status": "running", "steps": [], "messages": [], "errors": []}
                """);
        Files.writeString(status.resolve("broken_status.json"), "{\"experiment_name\": \"bro");
        ListCommand list = new ListCommand();
        list.index = index();
        list.out = out;
        list.execute();
        String table = output();
        assertTrue(table.contains("stale (silent"), table);
        assertTrue(table.contains("unreadable"), table);
        assertTrue(table.contains("truncated JSON"), table);
    }

    @Test
    void unknownExperimentIsOneClearLine() {
        ShowCommand show = new ShowCommand();
        show.index = index();
        show.out = out;
        show.id = "nope";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, show::execute);
        assertTrue(e.getMessage().startsWith("no experiment 'nope' in ["), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        TailCommand tail = new TailCommand();
        tail.index = index();
        tail.logs = new FileLogSource();
        tail.out = out;
        tail.id = "nope";
        assertThrows(IllegalArgumentException.class, tail::execute);
    }

    @Test
    void tailPrintsTheLastRecordsAndFollowsNewOnes() throws Exception {
        try (Monitor m = Monitors.create(data, "tailed")) {
            for (int i = 0; i < 30; i++) {
                m.log("line " + i);
            }
            TailCommand tail = new TailCommand();
            tail.index = index();
            tail.logs = new FileLogSource();
            tail.out = out;
            tail.id = "tailed";
            tail.lines = 5;
            tail.execute();
            List<String> printed = output().lines().toList();
            assertEquals(5, printed.size(), output());
            assertTrue(printed.get(4).endsWith(" - INFO - line 29"), printed.get(4));
            assertTrue(printed.get(0).endsWith(" - INFO - line 25"), printed.get(0));

            bytes.reset();
            tail.follow = true;
            tail.pollMillis = 20;
            Thread follower = following(tail);
            m.log("new line\nwith a second line");
            try {
                await("tail -f to print the new record")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .untilAsserted(() -> assertTrue(
                                output().contains(" - INFO - new line\n    with a second line"), this::output));
            } finally {
                follower.interrupt();
                follower.join(5_000);
            }
            assertTrue(!follower.isAlive(), "tail -f stops on interrupt (Ctrl-C)");
        }
    }

    /** {@code tail -f} running in a thread of its own, stopped as Ctrl-C stops it: by an interrupt. */
    private static Thread following(TailCommand tail) {
        Thread follower = new Thread(() -> {
            try {
                tail.execute();
            } catch (InterruptedException e) {
                // Ctrl-C
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        return follower;
    }

    /** The log kept away from its path (as in a database): tail and -f ask the log source alone. */
    @Test
    void tailFollowsALogThatIsNoFileAtItsPath() throws Exception {
        Path root = data.resolve("labwatch-data");
        RelocatedStores stores = new RelocatedStores(root, data.resolve("database"));
        try (Monitor m = Monitors.create(stores.backingOf(root), "kept")) {
            m.log("line 1");
            StatusIndex index = StatusIndex.of(stores.statuses(new JsonStatusStore()), root, List.of());
            indexes.add(index);
            index.bindLogSource(stores.logSource(new FileLogSource()));
            TailCommand tail = new TailCommand();
            tail.index = index;
            tail.logs = stores.logSource(new FileLogSource());
            tail.out = out;
            tail.id = "kept";
            tail.follow = true;
            tail.pollMillis = 20;
            Thread follower = following(tail);
            try {
                await("the tail").atMost(Duration.ofSeconds(10)).until(() -> output().contains("line 1"));
                m.log("line 2");
                await("tail -f to print the new record")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> output().contains(" - INFO - line 2"));
            } finally {
                follower.interrupt();
                follower.join(5_000);
            }
            assertTrue(!follower.isAlive());
            assertEquals(
                    1,
                    output().lines().filter(l -> l.endsWith(" - INFO - line 1")).count(),
                    output());
        }
        assertTrue(!Files.exists(root), "nothing at the run's own paths");
    }
}

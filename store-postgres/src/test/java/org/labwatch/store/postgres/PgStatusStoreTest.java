package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.MetricSummary;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.PostgresCluster;
import org.labwatch.testsupport.PythonClient;

/** The PostgreSQL StatusStore through its interface, on a real database, with two nodes. */
class PgStatusStoreTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path tmp;

    private final Path root = Path.of("/srv/lab/data");
    private final Path statusDir = root.resolve("monitoring/status");
    private final AtomicLong limit = new AtomicLong(16L * 1024 * 1024);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private String name;
    private StatusStore nodeA;
    private StatusStore nodeB;
    private StoredFiles filesA;

    @BeforeEach
    void nodes() throws Exception {
        name = pg.create();
        filesA = files("node-a");
        nodeA = store(filesA, "feed-a");
        nodeB = store(files("node-b"), "feed-b");
    }

    private StoredFiles files(String application) throws Exception {
        Database db = pg.database(name, application);
        opened.add(db);
        return new StoredFiles(db, new PathKeys(root));
    }

    /** A node's status store as PostgresStore makes it: its own feed, the size limit of this test. */
    private StatusStore store(StoredFiles files, String feedName) throws Exception {
        ChangeFeed feed = new ChangeFeed(files, feedName, 2_000, true);
        feed.start();
        opened.add(feed);
        PgStatusStore store = new PgStatusStore(files, feed, new StatusReadings(files, limit::get), 200);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 4, 10, 10, 10, 0, ZoneOffset.UTC);

    private static ExperimentStatus status(String experiment, int step) {
        OffsetDateTime t = START.plusMinutes(step);
        return ExperimentStatus.builder(experiment)
                .formatVersion(ExperimentStatus.FORMAT_VERSION)
                .startTime(START)
                .lastUpdate(t)
                .heartbeat(t)
                .currentStep(step)
                .totalSteps(10)
                .progressPercent(step * 10.0)
                .status(RunState.RUNNING)
                .steps(List.of(new StepRecord("Sweep", step, t, "step " + step, 1.5)))
                .messages(List.of(
                        new MessageRecord(START, Level.INFO, "started"),
                        new MessageRecord(t, Level.WARNING, "step " + step)))
                .errors(List.of(new ErrorRecord(t, "no signal", "Traceback...\n  line 1")))
                .messageCount(2)
                .errorCount(1)
                .host("fridge-pc")
                .pid(4242L)
                .logFile(experiment + "_20261204_101010.log")
                .plots(List.of(new PlotRecord("spectrum", "spectrum.png", t, "image/png", 1234)))
                .metrics(List.of(new MetricSummary("loss", 3, Double.NaN, 2, 0.5, 1.5, t)))
                .build();
    }

    @Test
    void aStatusIsStoredAsTheJsonStoreWritesItAndReadsBackWhole() throws Exception {
        Path file = statusDir.resolve("calib_status.json");
        ExperimentStatus s = status("calib", 3);
        nodeA.write(file, s);

        JsonStatusStore json = new JsonStatusStore();
        Path onDisk = tmp.resolve("calib_status.json");
        json.write(onDisk, s);
        assertArrayEquals(Files.readAllBytes(onDisk), nodeA.readBytes(file), "one format rule");

        StatusReading r = nodeB.read(file);
        assertTrue(r.readable(), r.problem());
        assertEquals("calib", r.id());
        assertEquals(file, r.file());
        assertEquals(json.read(onDisk).status(), r.status());
        assertEquals(2, r.status().messages().size(), "a whole read has the messages");
        assertEquals(Files.size(onDisk), r.size());
        assertThrows(NoSuchFileException.class, () -> nodeA.readBytes(statusDir.resolve("none_status.json")));
    }

    @Test
    void whatCannotBeReadIsAReadingWithAReasonNeverAnException() throws Exception {
        Path file = statusDir.resolve("bad_status.json");
        assertEquals(
                "the file does not exist (deleted or renamed)", nodeA.read(file).problem());

        // stored as someone else's tool left it (an import copies files as they are)
        filesA.replace(
                file, FileKind.STATUS, "{\"experiment_name\": \"bad\", \"status\": ".getBytes(StandardCharsets.UTF_8));
        StatusReading truncated = nodeA.read(file);
        assertFalse(truncated.readable());
        assertTrue(truncated.problem().startsWith("truncated JSON"), truncated.problem());

        filesA.replace(file, FileKind.STATUS, "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertTrue(
                nodeA.read(file).problem().startsWith("the JSON is a array"),
                nodeA.read(file).problem());
        assertEquals(1, nodeA.list(List.of(statusDir)).size(), "listed, as unreadable");
        assertFalse(nodeA.list(List.of(statusDir)).get(0).readable());

        nodeA.write(file, status("bad", 1));
        limit.set(100);
        StatusReading tooLarge = nodeA.read(file);
        assertEquals(
                "the file is " + tooLarge.size() + " bytes, larger than the limit of 100 bytes (maxStatusBytes in"
                        + " org.labwatch.store.postgres)",
                tooLarge.problem());
        assertEquals(tooLarge.problem(), nodeA.list(List.of(statusDir)).get(0).problem(), "lists apply the new limit");
    }

    @Test
    void aMirroredCopyIsCheckedFirstAndKeptByteForByte() throws Exception {
        Path file = root.resolve("remote/pc/calib/monitoring/status/x_status.json");
        byte[] notJson = "{\"experiment_name\": ".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> nodeA.writeMirrored(file, notJson));
        assertTrue(e.getMessage().startsWith("not a readable status (x_status.json): truncated JSON"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> nodeA.readBytes(file), "nothing was written");
        byte[] latin1 = "{\"experiment_name\": \"r\u00e4bi\"}".getBytes(StandardCharsets.ISO_8859_1);
        String notUtf8 = assertThrows(IllegalArgumentException.class, () -> nodeA.writeMirrored(file, latin1))
                .getMessage();
        assertTrue(notUtf8.endsWith("not valid UTF-8 (at byte 22)"), notUtf8);

        byte[] seed = SEED_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        nodeA.writeMirrored(file, seed);
        assertArrayEquals(seed, nodeB.readBytes(file), "fields this store does not know kept too");
        StatusReading r = nodeB.read(file);
        assertEquals("autocalibration", r.status().experimentName());
        assertEquals(5, r.status().currentStep());
        assertEquals(RunState.RUNNING, r.status().status());
        assertEquals("Finding readout frequency...", r.status().steps().get(0).message());

        limit.set(seed.length - 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> nodeA.writeMirrored(file, seed))
                .getMessage()
                .endsWith("larger than the limit of " + (seed.length - 1) + " bytes (maxStatusBytes in"
                        + " org.labwatch.store.postgres)"));
    }

    /** Verbatim the Python tool's documented status example (seed format, no offsets, a field we do not know). */
    static final String SEED_EXAMPLE = """
            {
              "experiment_name": "autocalibration",
              "start_time": "2025-01-01T12:00:00",
              "last_update": "2025-01-01T12:30:00",
              "current_step": 5,
              "total_steps": 10,
              "progress_percent": 50.0,
              "status": "running",
              "steps": [
                {
                  "name": "Resonator Spectroscopy",
                  "step_number": 1,
                  "timestamp": "2025-01-01T12:05:00",
                  "message": "Finding readout frequency..."
                }
              ],
              "messages": [
                {"timestamp": "2025-01-01T12:05:00", "level": "info", "message": "Starting resonator spectroscopy..."}
              ],
              "errors": [],
              "lab_field": {"fridge": "bluefors"}
            }
            """;

    @Test
    void statusesWrittenByThePythonClientAndTheJavaClientReadAsTheJsonStoreReadsThem() throws Exception {
        Path script = tmp.resolve("run.py");
        Files.writeString(script, """
                import sys
                from persistent_monitoring import create_monitor
                m = create_monitor(sys.argv[1], "py_run", echo=False)
                m.log("Starting experiment...")
                m.warning("two\\nlines")
                m.update_progress("Sweep", 1, 2, "half")
                m.complete("done")
                m.close()
                """);
        PythonClient.run("to write a status the PostgreSQL store must read", script, tmp.toString());
        Path written = tmp.resolve("monitoring/status/py_run_status.json");
        Path javaWritten = PythonClient.CLIENT.resolve("tests/fixtures/java_client/java_run_status.json");
        JsonStatusStore json = new JsonStatusStore();
        for (Path source : List.of(written, javaWritten)) {
            Path file = statusDir.resolve(source.getFileName());
            nodeA.writeMirrored(file, Files.readAllBytes(source));
            StatusReading r = nodeB.read(file);
            assertTrue(r.readable(), r.problem());
            assertEquals(json.read(source).status(), r.status(), source.toString());
        }
        ExperimentStatus py =
                nodeA.read(statusDir.resolve("py_run_status.json")).status();
        assertEquals(RunState.COMPLETED, py.status());
        assertEquals("done", py.message());
        assertTrue(py.messages().stream().anyMatch(m -> m.message().equals("two\nlines")));
    }

    @Test
    void anEarlierRunIsKeptUnderItsStartAndTheNameFreed() throws Exception {
        Path file = statusDir.resolve("calib_status.json");
        assertEquals(Optional.empty(), nodeA.keepEarlierRun(file), "no earlier run");
        nodeA.write(file, status("calib", 2));
        byte[] earlier = nodeA.readBytes(file);

        String stamp = org.labwatch.api.MonitoringLayout.RUN_STAMP.format(
                START.atZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDateTime());
        Path kept = nodeA.keepEarlierRun(file).orElseThrow();
        assertEquals(statusDir.resolve("calib_" + stamp + "_status.json"), kept);
        assertArrayEquals(earlier, nodeB.readBytes(kept));
        assertEquals("calib_" + stamp, nodeB.read(kept).id());
        assertThrows(NoSuchFileException.class, () -> nodeB.readBytes(file), "renamed, as the format says");

        nodeA.write(file, status("calib", 1));
        assertEquals(
                statusDir.resolve("calib_" + stamp + "_2_status.json"),
                nodeA.keepEarlierRun(file).orElseThrow(),
                "a run started in the same second");
        assertEquals(
                List.of("calib_" + stamp, "calib_" + stamp + "_2"),
                nodeB.list(List.of(statusDir)).stream().map(StatusReading::id).toList());
    }

    @Test
    void listsGiveListViewsOfStatusFilesOnly() throws Exception {
        nodeA.write(statusDir.resolve("b_status.json"), status("b", 1));
        nodeA.write(statusDir.resolve("a_status.json"), status("a", 4));
        nodeA.write(root.resolve("other/monitoring/status/c_status.json"), status("c", 1));
        filesA.replace(
                statusDir.resolve(".a_status.json.1f.tmp"), FileKind.STATUS, "{}".getBytes(StandardCharsets.UTF_8));
        filesA.replace(statusDir.resolve("notes.json"), FileKind.STATUS, "{}".getBytes(StandardCharsets.UTF_8));
        List<StatusReading> listed = nodeB.list(List.of(statusDir, root.resolve("missing")));
        assertEquals(List.of("a", "b"), listed.stream().map(StatusReading::id).toList());
        StatusReading a = listed.get(0);
        assertEquals(List.of(), a.status().messages(), "a list view");
        assertEquals(2, a.status().messageCount());
        assertEquals(
                a.status(),
                nodeB.read(statusDir.resolve("a_status.json")).listView().status());
        assertEquals(
                3,
                nodeB.list(List.of(statusDir, root.resolve("other/monitoring/status")))
                        .size());
    }

    @Test
    void aWatchTellsEveryFileFirstThenWhatAnotherNodeChanges() throws Exception {
        Path a = statusDir.resolve("a_status.json");
        nodeA.write(a, status("a", 1));
        nodeA.write(root.resolve("elsewhere/monitoring/status/x_status.json"), status("x", 1));
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription sub = nodeA.watch(List.of(statusDir), events::add)) {
            assertEquals(1, events.size(), "the existing file, before watch returned");
            assertEquals(StatusEvent.Kind.ADDED, events.get(0).kind());
            assertEquals(List.of(), events.get(0).reading().status().messages(), "list views");

            long t0 = System.nanoTime();
            nodeB.write(a, status("a", 2));
            await().atMost(Duration.ofSeconds(1)).until(() -> events.size() == 2);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
            assertEquals(StatusEvent.Kind.CHANGED, events.get(1).kind());
            assertEquals(2, events.get(1).reading().status().currentStep());

            // the same bytes again: a change of the row, no change of the file
            nodeB.write(a, status("a", 2));
            Path b = statusDir.resolve("b_status.json");
            nodeB.write(b, status("b", 1));
            await().atMost(Duration.ofSeconds(1)).until(() -> events.size() >= 3);
            assertEquals(StatusEvent.Kind.ADDED, events.get(2).kind());
            assertEquals("b", events.get(2).reading().id());

            Path kept = nodeB.keepEarlierRun(a).orElseThrow();
            await().atMost(Duration.ofSeconds(1)).until(() -> events.size() >= 5);
            assertEquals(
                    List.of(
                            StatusEvent.Kind.ADDED + " " + kept.getFileName(),
                            StatusEvent.Kind.REMOVED + " a_status.json"),
                    events.subList(3, 5).stream()
                            .map(e -> e.kind() + " " + e.reading().file().getFileName())
                            .sorted()
                            .toList());
            StatusEvent removed = events.stream()
                    .filter(e -> e.kind() == StatusEvent.Kind.REMOVED)
                    .findFirst()
                    .orElseThrow();
            assertEquals(2, removed.reading().status().currentStep(), "REMOVED carries the last known state");
        }
        int after = events.size();
        List<StatusEvent> other = new CopyOnWriteArrayList<>();
        try (Subscription still = nodeA.watch(List.of(statusDir), other::add)) {
            nodeB.write(statusDir.resolve("c_status.json"), status("c", 1));
            // once the open watch on the same feed has it, the closed one would have had it too
            await().atMost(Duration.ofSeconds(1))
                    .until(() -> other.stream().anyMatch(e -> e.reading().id().equals("c")));
        }
        assertEquals(after, events.size(), "a closed watch hears nothing more");
    }

    @Test
    void theIndexFindsShippedRunsStatusDirectories() throws Exception {
        Path remote = root.resolve("remote");
        nodeA.write(remote.resolve("pc1/calib/monitoring/status/a_status.json"), status("a", 1));
        nodeA.write(remote.resolve("pc2/sweep/monitoring/status/b_status.json"), status("b", 1));
        nodeA.write(remote.resolve(".hidden/x/monitoring/status/h_status.json"), status("h", 1));
        nodeA.write(remote.resolve("pc3/monitoring/status/too_shallow_status.json"), status("s", 1));
        nodeA.write(remote.resolve("pc4/x/deeper/monitoring/status/d_status.json"), status("d", 1));
        assertEquals(
                List.of(remote.resolve("pc1/calib/monitoring/status"), remote.resolve("pc2/sweep/monitoring/status")),
                nodeB.statusDirectoriesBelow(remote, 2));
        assertEquals(List.of(remote.resolve("pc3/monitoring/status")), nodeB.statusDirectoriesBelow(remote, 1));
        assertEquals(List.of(), nodeB.statusDirectoriesBelow(root.resolve("nowhere"), 2));
        assertThrows(IllegalArgumentException.class, () -> nodeB.statusDirectoriesBelow(remote, -1));
    }

    @Test
    void aWatchCatchesUpAfterTheDatabaseWasAway() throws Exception {
        Path a = statusDir.resolve("a_status.json");
        nodeA.write(a, status("a", 1));
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription sub = nodeA.watch(List.of(statusDir), events::add)) {
            pg.cluster.restart(PostgresCluster.StopMode.IMMEDIATE);
            // node B's first write after the restart may meet a dead connection: it is retried, as core does
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                nodeB.write(a, status("a", 7));
                return true;
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.size() == 2
                            && events.get(1).reading().status().currentStep() == 7);
        }
        pg.cluster.stop(PostgresCluster.StopMode.FAST);
        try {
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                nodeA.write(a, status("a", 8));
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException expected) {
            // every write failed while the database was down
        }
        assertThrows(UncheckedIOException.class, () -> nodeA.list(List.of(statusDir)), "never an empty list");
        assertTrue(
                nodeA.read(a).problem().startsWith("cannot be read: PostgreSQL store away since "),
                nodeA.read(a).problem());
        pg.cluster.start();
    }
}

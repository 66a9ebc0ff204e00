package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.RunState;
import org.labwatch.logsink.file.FileLogSink;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.logsink.file.FileMetricSink;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoredPlot;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.MetricValues;
import org.labwatch.testsupport.PythonClient;

/**
 * {@code Cli import}: runs written by the Java client, the Python client and the seed's Python tool
 * land in the database under their keys, read back through the store's services as the file
 * stores read the files, and a second import changes no row.
 */
class ImportTest {

    /** A 1x1 PNG, as a plotting library's (much larger) file. */
    private static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /** The seed's tool: Python's logging with its default format, json.dump(indent=2), an earlier run of the name. */
    private static final String SEED = """
            import base64, json, logging, os, sys, time
            expt, name = sys.argv[1], sys.argv[2]
            mon = os.path.join(expt, "monitoring")
            for part in ("logs", "status", "plots"):
                os.makedirs(os.path.join(mon, part), exist_ok=True)
            def run(stamp, lines):
                path = os.path.join(mon, "logs", "%s_%s.log" % (name, stamp))
                logger = logging.getLogger("seed." + stamp)
                handler = logging.FileHandler(path, encoding="utf-8")
                handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
                logger.addHandler(handler)
                logger.setLevel(logging.INFO)
                for i in range(lines):
                    logger.info("seed tick %d: T = %.3f mK (\\u00b5-wave on)", i, 12 + i / 100)
                try:
                    1 / 0
                except ZeroDivisionError:
                    logger.exception("sweep failed")
                handler.close()
                logger.removeHandler(handler)
                return path
            earlier = run("20250101_120000", 40)
            os.utime(earlier, (time.time() - 3600, time.time() - 3600))
            run("20250102_120000", 90)
            status = {"experiment_name": name, "start_time": "2025-01-02T12:00:00",
                      "last_update": "2025-01-02T12:30:00", "current_step": 2, "total_steps": 5,
                      "progress_percent": 40.0, "status": "running",
                      "steps": [{"name": "Sweep 1", "step_number": 1, "timestamp": "2025-01-02T12:05:00"}],
                      "messages": [{"timestamp": "2025-01-02T12:05:00", "level": "info", "message": "tick"}],
                      "errors": []}
            with open(os.path.join(mon, "status", name + "_status.json"), "w", encoding="utf-8") as f:
                json.dump(status, f, indent=2)
            with open(os.path.join(mon, "plots", name + "_spectrum.png"), "wb") as f:
                f.write(base64.b64decode("PNG_BASE64"))
            with open(os.path.join(mon, "plots", "notes.txt"), "w") as f:
                f.write("not a plot")
            """.replace("PNG_BASE64", PNG_BASE64);

    /** The Python client (clients/python), as a notebook uses it. */
    private static final String PYTHON_CLIENT = """
            import base64, sys
            from persistent_monitoring import create_monitor
            m = create_monitor(sys.argv[1], "py_run", echo=False)
            for i in range(300):
                m.info("python line %d" % i)
            m.metric("T1_us", 45.2)
            m.metrics({"Q": 12000.0, "fit/chi2": 1.03}, step=3)
            m.save_plot(base64.b64decode("PNG_BASE64"), "spectrum")
            m.complete("done")
            m.close()
            """.replace("PNG_BASE64", PNG_BASE64);

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path root;

    private String db;
    private TestNode node;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path javaExpt;
    private Path pythonExpt;
    private Path seedExpt;

    @BeforeEach
    void runs() throws Exception {
        db = pg.create();
        javaExpt = root.resolve("data/qubit1");
        pythonExpt = root.resolve("notebooks/py");
        seedExpt = root.resolve("seed");
        writeJavaRuns(javaExpt);
        Files.createDirectories(pythonExpt);
        PythonClient.run(
                "to write a run with the Python client",
                Files.writeString(root.resolve("client.py"), PYTHON_CLIENT),
                pythonExpt.toString());
        PythonClient.run(
                "to write a run as the seed's tool did",
                Files.writeString(root.resolve("seed.py"), SEED),
                seedExpt.toString(),
                "autocalibration");
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    /** The Java client's fixture (clients/python/tests/fixtures) and a run written through the file stores core uses. */
    private static void writeJavaRuns(Path expt) throws Exception {
        MonitoringLayout layout = new MonitoringLayout(expt);
        Path fixtures = Path.of("..", "clients", "python", "tests", "fixtures", "java_client");
        Files.createDirectories(layout.statusDir());
        Files.createDirectories(layout.logsDir());
        Files.copy(fixtures.resolve("java_run_status.json"), layout.statusDir().resolve("java_run_status.json"));
        Files.copy(
                fixtures.resolve("java_run_20261204_191136.log"),
                layout.logsDir().resolve("java_run_20261204_191136.log"),
                StandardCopyOption.COPY_ATTRIBUTES);

        RunInfo run = new RunInfo("rabi", layout, OffsetDateTime.of(2026, 12, 4, 20, 15, 3, 0, ZoneOffset.UTC));
        FileLogSink logs = new FileLogSink();
        FileMetricSink metrics = new FileMetricSink();
        for (int i = 0; i < 500; i++) {
            logs.append(
                    run,
                    new LogRecord(
                            i + 1, Instant.now(), i % 50 == 0 ? Level.WARNING : Level.INFO, "java line " + i, null));
        }
        metrics.append(
                run,
                new MetricValues()
                        .add(1_796_415_303_125L, 0, "T1_us", 45.2)
                        .add(1_796_415_303_125L, 0, "fit/chi2", Double.NaN));
        logs.runEnded(run);
        metrics.runEnded(run);
        PlotStore plots = new FilePlotStore();
        plots.store(layout.plotsDir(), plots.prepare("rabi", Base64.getDecoder().decode(PNG_BASE64)));
        new JsonStatusStore()
                .write(
                        run.statusFile(),
                        ExperimentStatus.builder("rabi")
                                .status(RunState.COMPLETED)
                                .startTime(run.startTime())
                                .logFile(run.logFile().getFileName().toString())
                                .build());
    }

    private int cli(String... args) {
        out.reset();
        err.reset();
        List<String> all = new java.util.ArrayList<>(List.of(
                "--jdbc-url",
                pg.cluster.jdbcUrl(db),
                "--db-user",
                "postgres",
                "--root",
                root.resolve("data").toString()));
        all.addAll(List.of(args));
        return Cli.run(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int importAll() {
        return cli(
                "import", javaExpt.toString(), pythonExpt.resolve("monitoring").toString(), seedExpt.toString());
    }

    /** Every row of both tables as psql prints them: ids, keys, lengths, hashes, times, sequences, chunk digests. */
    private String dump() throws Exception {
        return pg.cluster.sql(
                        db,
                        "SELECT id, path, dir, name, kind, length, encode(sha256, 'hex'), modified, seq, removed"
                                + " FROM labwatch_file ORDER BY id")
                + "\n--\n"
                + pg.cluster.sql(
                        db, "SELECT file_id, start_offset, length(data), md5(data) FROM labwatch_chunk ORDER BY 1, 2");
    }

    @Test
    void importTwiceGivesTheSameRowsAndSaysWhatItDidPerKind() throws Exception {
        assertEquals(0, importAll(), err.toString());
        String first = out.toString();
        assertTrue(first.contains(javaExpt.resolve("monitoring") + ": 2 runs: 2 statuses, 2 logs ("), first);
        assertTrue(first.contains("1 metrics file ("), first);
        assertTrue(first.contains(seedExpt.resolve("monitoring") + ": 2 runs: 1 status, 2 logs ("), first);
        assertTrue(first.contains("in all: 5 runs: 4 statuses, 5 logs ("), first);
        assertTrue(first.contains("3 plots; 14 changed"), first);
        String rows = dump();
        assertTrue(rows.contains("|qubit1/monitoring/status/rabi_status.json|"), "below --root: relative keys");
        assertTrue(
                rows.contains(seedExpt.resolve("monitoring/logs/autocalibration_20250102_120000.log")
                        .toString()),
                "elsewhere: absolute keys");
        assertTrue(!rows.contains("notes.txt"), "a file in plots/ that is no image is not copied");

        assertEquals(0, importAll(), err.toString());
        assertTrue(out.toString().contains("in all: 5 runs: 4 statuses, 5 logs ("), out.toString());
        assertTrue(out.toString().contains("3 plots; 0 changed"), out.toString());
        assertEquals(rows, dump(), "the second import changed no row");
    }

    @Test
    void importedRunsReadBackThroughTheStoreAsTheFileStoresReadTheFiles() throws Exception {
        assertEquals(0, importAll(), err.toString());
        node = new TestNode(pg, db, "read", root.resolve("data"));
        LogSource pgLogs = new PgLogSource(node.files, node.feed());
        PlotStore pgPlots = new PgPlotStore(node.files, () -> 1L << 26);
        LogSource fileLogs = new FileLogSource();
        PlotStore filePlots = new FilePlotStore();
        try (ChangeFeed feed = new ChangeFeed(node.files, "status-feed", 2_000, true);
                PgStatusStore pgStatus =
                        new PgStatusStore(node.files, feed, new StatusReadings(node.files, () -> 1L << 24), 200)) {
            feed.start();
            StatusStore fileStatus = new JsonStatusStore();
            for (Path expt : List.of(javaExpt, pythonExpt, seedExpt)) {
                MonitoringLayout layout = new MonitoringLayout(expt);
                for (Path statusFile : list(layout.statusDir())) {
                    StatusReading expected = fileStatus.read(statusFile);
                    StatusReading read = pgStatus.read(statusFile);
                    assertTrue(read.readable(), read.problem());
                    assertEquals(expected.status(), read.status(), statusFile.toString());
                    String name = expected.status().experimentName();
                    String named = expected.status().logFile();
                    Optional<Path> log = fileLogs.find(List.of(layout.logsDir()), name, named);
                    assertTrue(log.isPresent(), "a log for " + name);
                    assertEquals(log, pgLogs.find(List.of(layout.logsDir()), name, named), "the same log of " + name);
                    assertEquals(fileLogs.tail(log.get(), 1000), pgLogs.tail(log.get(), 1000));
                    assertEquals(fileLogs.readAfter(log.get(), 0, 4096), pgLogs.readAfter(log.get(), 0, 4096));
                }
                for (Path metrics : list(layout.metricsDir())) {
                    byte[] bytes = Files.readAllBytes(metrics);
                    assertArrayEquals(bytes, pgLogs.read(metrics, 0, bytes.length + 1), metrics.toString());
                }
                List<StoredPlot> expectedPlots = filePlots.list(layout.plotsDir()).stream()
                        .filter(p -> p.type() != null)
                        .toList();
                List<StoredPlot> plots = pgPlots.list(layout.plotsDir());
                assertEquals(names(expectedPlots), names(plots));
                for (StoredPlot p : plots) {
                    try (InputStream in = pgPlots.open(p)) {
                        assertArrayEquals(Files.readAllBytes(p.path()), in.readAllBytes());
                    }
                }
            }
        }
        // the seed's two runs of one name: the newer log is the run's, in the database as on disk
        Path logs = new MonitoringLayout(seedExpt).logsDir();
        assertEquals(
                Optional.of(logs.resolve("autocalibration_20250102_120000.log")),
                pgLogs.find(List.of(logs), "autocalibration", null));
    }

    @Test
    void aGrownLogGetsItsRestAChangedStatusIsReplacedAndALogThatDiffersIsLeftAlone() throws Exception {
        assertEquals(0, importAll(), err.toString());
        MonitoringLayout layout = new MonitoringLayout(javaExpt);
        Path grown = layout.logsDir().resolve("rabi_20261204_201503.log");
        Path differs = layout.logsDir().resolve("java_run_20261204_191136.log");
        Path status = layout.statusDir().resolve("rabi_status.json");
        Files.writeString(grown, "2026-12-04 20:20:00,000 - INFO - one more line\n", StandardOpenOption.APPEND);
        // input: the fixture's log with its first byte changed, and longer: not the log the database holds
        byte[] other = Files.readAllBytes(differs);
        other[0] = '1';
        Files.write(differs, other);
        Files.writeString(differs, "2026-12-04 20:20:00,000 - INFO - more\n", StandardOpenOption.APPEND);
        Files.writeString(status, Files.readString(status).replace("\"completed\"", "\"failed\""));
        Files.setLastModifiedTime(status, FileTime.from(Instant.now().plusSeconds(5)));
        long storedBefore = node(db).files.length(differs);
        byte[] storedBytes = node.files.read(differs, 0, (int) storedBefore);

        assertEquals(1, importAll(), "a file left alone is an exit status of 1");
        String said = out.toString();
        assertTrue(
                said.contains("not imported " + differs + ": its bytes differ from the database's copy from byte 0 on"),
                said);
        assertTrue(said.contains(javaExpt.resolve("monitoring") + ": 2 runs: 2 statuses, 2 logs ("), said);
        assertTrue(said.contains("; 2 changed, 1 not imported"), said);
        assertTrue(err.toString().contains("1 file was not imported, as said above"), err.toString());
        assertArrayEquals(
                storedBytes, node.files.read(differs, 0, (int) storedBefore + 100), "the database's copy is as it was");
        assertArrayEquals(Files.readAllBytes(grown), node.files.content(grown));
        assertArrayEquals(Files.readAllBytes(status), node.files.content(status));

        // the database's copy changed after the file (the run went on there): kept, and said
        node.files.replace(
                status,
                FileKind.STATUS,
                "{\"experiment_name\": \"rabi\", \"status\": \"running\"}".getBytes(StandardCharsets.UTF_8));
        Files.writeString(status, Files.readString(status).replace("\"failed\"", "\"interrupted\""));
        Files.setLastModifiedTime(status, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(1, importAll());
        assertTrue(out.toString().contains("kept the database's copy of " + status), out.toString());
        assertTrue(out.toString().contains("0 changed, 1 newer in the database kept, 1 not imported"), out.toString());
    }

    @Test
    void aDirectoryWithoutMonitoringIsAUsageError() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        assertEquals(2, cli("import", root.resolve("empty").toString()));
        assertTrue(
                err.toString().startsWith(root.resolve("empty") + " holds no monitoring/ directory"), err.toString());
        assertEquals(2, cli("import", root.resolve("missing").toString()));
        assertEquals(2, cli("import"));
        assertEquals(
                "",
                pg.cluster.sql(db, "SELECT relname FROM pg_class WHERE relname = 'labwatch_file'"),
                "nothing was done");
    }

    private TestNode node(String database) throws Exception {
        node = new TestNode(pg, database, "check", root.resolve("data"));
        return node;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static Set<String> names(List<StoredPlot> plots) {
        return plots.stream().map(StoredPlot::fileName).collect(Collectors.toSet());
    }
}

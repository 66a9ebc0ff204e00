package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.itests.ClientProcess.Plan;
import org.labwatch.testsupport.FaultProxy;
import org.labwatch.testsupport.SseClient;

/**
 * The Python client shipping its own run (docs/remote.md, clients/python/README.md) to the real
 * distribution through a TCP fault proxy, with a token made by {@code ./labwatch token add}: a
 * Python program ({@code remote/python_shipping.py} run by the {@code python3} on the PATH, the
 * repository's {@code clients/python} on its path) creates a monitor with {@code server=} and {@code token=}, logs, records
 * metrics, marks steps, saves plots and completes. The server's copy must equal the program's files
 * (logs and the metrics file byte for byte, status as JSON, plots), the run be listed as {@code <name>@<source>.<root>}, and the program
 * exit 0 without a traceback; through a cut and a stall its calls never wait, and its stderr tells
 * the outage once and its end once. A run that ends during a cut waits at most 5 s at exit, names
 * what the server lacks and the {@code ship --once} command, which then sends it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonShippingIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** A call that waited for the network would wait for the whole stall (3 s and more). */
    private static final double CALL_BOUND_MS = 1000;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static FaultProxy proxy;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static final List<PythonRun> RUNS = Collections.synchronizedList(new ArrayList<>());
    /** Measured numbers, printed at the end (and kept in target/python-shipping-it/numbers.txt). */
    static final List<String> NUMBERS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = Files.createDirectories(work.resolve("server data"));
        Launcher launcher = new Launcher(server.home, work.resolve("launcher"));
        for (String source : List.of("py-ship", "py-net", "py-exit")) {
            TOKENS.put(source, launcher.addToken(source));
        }
        server.startOn(dataDir, BOOT, "/api/experiments");
        server.awaitServed("/api/ingest/v1/", TOKENS.get("py-ship"), BOOT); // it knows py-ship's token
        proxy = FaultProxy.to("127.0.0.1", server.httpPort);
    }

    @AfterAll
    static void stop() throws Exception {
        synchronized (RUNS) {
            RUNS.forEach(PythonRun::close);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
            Path kept = Path.of("target", "python-shipping-it").toAbsolutePath();
            Distribution.deleteTree(kept); // an earlier run's files would mix with these
            server.keepForReview("python-shipping-it", dataDir);
            Distribution.copyTree(work.resolve("clients"), kept.resolve("clients")); // the programs' files and outputs
            Files.createDirectories(kept);
            Files.write(kept.resolve("numbers.txt"), NUMBERS);
        }
        NUMBERS.forEach(n -> System.out.println("PythonShippingIT: " + n));
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aPythonRunIsShippedAsItsFilesAreAndListedAsItsRemoteRun() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        // The per-call cost of monitor.log in a tight loop, without and with shipping.
        PythonRun off = PythonRun.start(work, "py-ship", "pyoff", "tight", new Plan(5000, 0, 0, 0), null, null);
        assertEquals(0, off.awaitExit(Duration.ofSeconds(60)), off.describe());
        PythonRun on = start("py-ship", "pytight", "tight", new Plan(5000, 0, 0, 0));
        assertShipped(on);
        NUMBERS.add("monitor.log in a tight loop of 5000 calls, shipping off: " + off.callStats());
        NUMBERS.add("monitor.log in a tight loop of 5000 calls, shipping on:  " + on.callStats());
        assertTrue(
                on.callMicros().stream().allMatch(c -> c < CALL_BOUND_MS * 1000), "a call waited: " + on.callStats());

        PythonRun paced;
        try (SseClient events = SseClient.to(base() + "/api/events").via(HTTP).connect()) {
            paced = start("py-ship", "pyexp", "resonator_scan", new Plan(150, 20, 3, 2));
            assertShipped(paced);
            latency(paced, events);
        }
        NUMBERS.add("monitor.log, one call every 20 ms, shipping on: " + paced.callStats());
        JsonNode listed = Conditions.awaitListed(server.httpPort, "resonator_scan@py-ship.pyexp");
        assertEquals(3, listed.get("current_step").asInt(), listed.toString());
        assertEquals("", paced.stderr(), "nothing to say on stderr when the server is there");
    }

    @Test
    @Order(2)
    void aCutAndAStallWhileTheProgramLogsAreToldOnceAndCaughtUpWithoutACallWaiting() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        PythonRun run = start("py-net", "pynet", "sweep", new Plan(500, 20, 4, 3));
        awaitShipping(run);

        int at = run.linesLogged();
        proxy.mode(FaultProxy.Mode.DROP);
        awaitLines(run, at + 100);
        proxy.mode(FaultProxy.Mode.STALL);
        awaitLines(run, at + 250);
        proxy.mode(FaultProxy.Mode.PASS);
        long start = System.nanoTime();
        long target = run.logSize();
        Conditions.await(
                "the server to catch up " + target + " bytes of " + run + "'s log",
                CATCH_UP,
                () -> ClientProcess.size(run.serverLog(dataDir)) >= target ? true : null,
                run::describe);
        NUMBERS.add("catch-up after a ~2 s cut and a ~3 s stall: "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (" + target + " bytes of log)");

        assertShipped(run);
        List<String> stderr = run.stderr().lines().toList();
        String who = "labwatch: shipping root 'pynet'";
        assertEquals(
                1,
                stderr.stream()
                        .filter(l -> l.startsWith(who) && l.contains(" failed: "))
                        .count(),
                "the outage told once:\n" + run.stderr());
        assertEquals(
                1,
                stderr.stream()
                        .filter(l -> l.startsWith(who) && l.contains(": caught up after "))
                        .count(),
                "its end told once:\n" + run.stderr());
        assertTrue(
                Files.readString(run.logFile()).contains(" - WARNING - " + who),
                "the run's log has the caught-up note");
        // Never waited: no call took long, and the run took its lines' time, not the outage's on top.
        assertTrue(
                run.callMicros().stream().allMatch(c -> c < CALL_BOUND_MS * 1000), "a call waited: " + run.callStats());
        long paced = 500L * 20;
        assertTrue(
                run.runtimeMs() < paced + 4000,
                "the program ran " + run.runtimeMs() + " ms for " + paced + " ms of pauses");
        NUMBERS.add("monitor.log through a cut and a stall: " + run.callStats() + "; the program ran " + run.runtimeMs()
                + " ms for " + paced + " ms of pauses");
    }

    @Test
    @Order(3)
    void aRunEndingDuringACutWaitsAtMostFiveSecondsAndNamesTheCommandThatSendsTheRest() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        PythonRun run = start("py-exit", "pyend", "ramsey", new Plan(150, 20, 2, 2));
        awaitShipping(run);
        proxy.mode(FaultProxy.Mode.DROP);
        assertEquals(0, run.awaitExit(Duration.ofSeconds(60)), run.describe());
        long waitedMs = System.currentTimeMillis()
                - Files.getLastModifiedTime(run.out.resolve("runtime.txt")).toMillis();
        NUMBERS.add("a run ending during a cut: the interpreter ended " + waitedMs + " ms after complete()");
        assertTrue(waitedMs <= 7500, "the interpreter ended " + waitedMs + " ms after complete()");
        assertTrue(!run.stderr().contains("Traceback"), run.stderr());
        String stderr = run.stderr();
        assertTrue(
                stderr.contains("labwatch: to send the rest: ./labwatch ship --once " + run.exptDir + " --server "
                        + proxyUrl() + " --token-file FILE"),
                "the command that sends the rest is named:\n" + stderr);
        assertTrue(stderr.contains("pyend: logs/" + run.logFile().getFileName()), "the log is named:\n" + stderr);
        assertTrue(
                !MirrorComparison.differences(run.monitoring(), serverMonitoring(run.source, run.root))
                        .isEmpty(),
                "the server cannot have everything: the network was cut");

        proxy.mode(FaultProxy.Mode.PASS);
        Path shipLog = run.out.resolve("ship-once.log");
        int shipped = ClientProcess.shipOnce(
                run.exptDir, proxyUrl(), TOKENS.get(run.source), run.out.resolve("token"), shipLog);
        assertEquals(0, shipped, "ship --once: " + Launcher.read(shipLog));
        assertShipped(run);
    }

    // ------------------------------------------------------------------------------------------

    /** What a run looks like: so many lines, so far apart (0: a tight loop), steps and plots. */
    private static PythonRun start(String source, String root, String name, Plan plan) throws IOException {
        return PythonRun.start(work, source, root, name, plan, proxyUrl(), TOKENS.get(source));
    }

    /**
     * The program ended well and the server holds exactly its files: exit 0, no traceback, the same
     * logs, status, plots (each once), and the run listed as completed under its remote id.
     */
    private static void assertShipped(PythonRun run) throws Exception {
        assertEquals(0, run.awaitExit(Duration.ofSeconds(60)), run.describe());
        assertTrue(!run.stderr().contains("Traceback"), "a traceback on stderr:\n" + run.stderr());
        assertEquals(run.plan.lines(), run.linesLogged());
        Path theirs = serverMonitoring(run.source, run.root);
        Conditions.await(
                "the server's copy of " + run + " to equal the program's files",
                CATCH_UP,
                () -> MirrorComparison.differences(run.monitoring(), theirs).isEmpty() ? true : null,
                () -> MirrorComparison.differences(run.monitoring(), theirs) + "\n" + run.describe() + "\nkaraf.log:\n"
                        + server.tailOfLog());
        assertEquals(
                run.plan.plots(),
                MirrorComparison.names(theirs.resolve("plots")).size(),
                "every plot once: " + MirrorComparison.names(theirs.resolve("plots")));
        JsonNode listed = Conditions.awaitListed(server.httpPort, run.name + "@" + run.source + "." + run.root);
        assertEquals("completed", listed.get("state").asText(), listed.toString());
    }

    /** The program has logged a few lines and the server holds a first part of its log. */
    private static void awaitShipping(PythonRun run) {
        Conditions.await(
                "the server to receive the first lines of " + run,
                Duration.ofSeconds(30),
                () -> run.linesLogged() >= 10 && ClientProcess.size(run.serverLog(dataDir)) > 0 ? true : null,
                () -> run.describe() + "\nkaraf.log:\n" + server.tailOfLog());
    }

    private static void awaitLines(PythonRun run, int lines) {
        Conditions.await(
                run + " to log line " + lines,
                Duration.ofSeconds(60),
                () -> run.linesLogged() >= lines ? true : null,
                run::describe);
    }

    /**
     * Every line of {@code run} that arrived as a {@code log} event: the time from just before
     * {@code monitor.log} (the program's monotonic clock is the one System.nanoTime reads) to the
     * event's arrival. From the first line seen on, none may be missing.
     */
    private static void latency(PythonRun run, SseClient events) throws IOException {
        TreeMap<Integer, Long> arrived =
                LineArrivals.of(events.received(), run.name + "@" + run.source + "." + run.root);
        Map<Integer, Long> sent = run.sentNanos();
        assertTrue(!arrived.isEmpty(), "no 'log' event of " + run + " among " + events.kinds());
        assertEquals(
                List.of(),
                LineArrivals.missing(arrived, run.plan.lines()),
                "lines of " + run + " never seen in a 'log' event");
        LineArrivals.Spread spread = LineArrivals.Spread.of(LineArrivals.millis(arrived, sent));
        long p95 = spread.p95();
        NUMBERS.add("latency Python monitor.log -> /api/events 'log' event: " + spread);
        assertTrue(p95 <= 5000, "p95 " + p95 + " ms");
    }

    private static Path serverMonitoring(String source, String root) {
        return ClientProcess.serverMonitoring(dataDir, source, root);
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort;
    }

    private static String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /**
     * {@code remote/python_shipping.py} as a process of its own, with the repository's Python
     * client on its path and no LABWATCH_ settings of this JVM's environment. Its experiment
     * directory is {@code <work>/clients/<source>/<root>}, its outputs in {@code <root>.out/}.
     */
    /** A run of the Python client's shipping program, laid out as a {@link ClientProcess}. */
    static final class PythonRun extends ClientProcess {

        private PythonRun(String source, String root, String name, Plan plan, Path exptDir, Path out, Process p) {
            super(source, root, name, plan, exptDir, out, p);
        }

        /** @param serverUrl null: local files only */
        static PythonRun start(
                Path work, String source, String root, String name, Plan plan, String serverUrl, String token)
                throws IOException {
            Path exptDir = exptDir(work, source, root);
            Path out = outDir(exptDir);
            Path program;
            try {
                program = Path.of(PythonShippingIT.class
                        .getResource("/remote/python_shipping.py")
                        .toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
            List<String> command = List.of(
                    "python3",
                    program.toString(),
                    exptDir.toString(),
                    name,
                    Integer.toString(plan.lines()),
                    Long.toString(plan.intervalMs()),
                    Integer.toString(plan.steps()),
                    Integer.toString(plan.plots()),
                    out.toString());
            Map<String, String> env = new HashMap<>();
            env.put(
                    "PYTHONPATH",
                    Launcher.REPO.resolve("clients").resolve("python").toString());
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            if (serverUrl != null) {
                env.put("IT_SERVER", serverUrl);
                env.put("IT_TOKEN", token);
            }
            PythonRun run = new PythonRun(source, root, name, plan, exptDir, out, launch(command, exptDir, env));
            RUNS.add(run);
            return run;
        }

        /** How long each monitor.log call took, in microseconds. */
        List<Double> callMicros() throws IOException {
            return Files.readAllLines(out.resolve("calls.txt")).stream()
                    .filter(l -> !l.isBlank())
                    .map(Double::parseDouble)
                    .toList();
        }

        String callStats() throws IOException {
            List<Double> sorted = new ArrayList<>(callMicros());
            Collections.sort(sorted);
            double mean =
                    sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            return String.format(
                    "mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us (%d calls)",
                    mean,
                    sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                    sorted.get(sorted.size() - 1),
                    sorted.size());
        }

        long runtimeMs() throws IOException {
            return Long.parseLong(Files.readString(out.resolve("runtime.txt")).trim());
        }
    }
}

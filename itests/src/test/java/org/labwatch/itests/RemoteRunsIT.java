package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.labwatch.testsupport.FaultProxy;
import org.labwatch.testsupport.SseClient;

/**
 * Remote runs end to end (docs/remote.md): experiments in JVMs of their own ship their runs
 * through a TCP fault proxy to the distribution, tokens made with {@code ./labwatch token}, while
 * the server is killed and started again, the network is cut and stalled, a token is revoked and
 * added back; two sources run the same experiment; {@code ship --once} sends what a Python program
 * wrote. Every scenario ends with the server's copy equal to the client's files (logs byte for
 * byte, status as JSON, plots once each), the client having seen no exception and exited 0, and
 * the run listed as {@code <name>@<source>.<root>}.
 *
 * <p>One distribution serves every scenario; the last one kills it with {@code kill -9} and starts
 * it again with the launcher.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteRunsIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    /**
     * A refused token is retried after the shipper's longest backoff (30 s, Backoff), and an outage
     * of a restart waits its doubling delays: catching up may take that long plus a round.
     */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static final Duration LATENCY_BOUND = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static Launcher launcher;
    static FaultProxy proxy;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static final List<ClientProcess> CLIENTS = Collections.synchronizedList(new ArrayList<>());
    /** Measured numbers, printed at the end (and kept in target/remote-runs-it/numbers.txt). */
    static final List<String> NUMBERS = Collections.synchronizedList(new ArrayList<>());
    /** Set once the launcher started the server again: it is no longer Distribution's process. */
    static boolean startedByLauncher;

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = Files.createDirectories(work.resolve("server data"));
        // The tokens, made as a lab makes them: ./labwatch token add NAME on the server's directory
        // (before the first start, which the launcher allows).
        launcher = new Launcher(server.home, work.resolve("launcher"));
        for (String source : List.of("lab-a", "lab-b", "lab-py", "lab-net", "lab-revoke", "lab-exit", "lab-kill")) {
            TOKENS.put(source, launcher.addToken(source));
        }
        server.startOn(dataDir, BOOT, "/api/experiments", "/api/events");
        server.awaitServed("/api/ingest/v1/", TOKENS.get("lab-a"), BOOT); // it knows lab-a's token
        proxy = FaultProxy.to("127.0.0.1", server.httpPort);
    }

    @AfterAll
    static void stop() throws Exception {
        synchronized (CLIENTS) {
            CLIENTS.forEach(ClientProcess::close);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
            if (startedByLauncher) {
                Launcher.stopServer(server.home);
            }
            Path kept = Path.of("target", "remote-runs-it").toAbsolutePath();
            Distribution.deleteTree(kept); // an earlier run's files would mix with these
            server.keepForReview("remote-runs-it", dataDir);
            Distribution.copyTree(work.resolve("clients"), kept.resolve("clients"));
            Distribution.copyTree(work.resolve("launcher"), kept.resolve("launcher"));
            Files.createDirectories(kept);
            Files.write(kept.resolve("numbers.txt"), NUMBERS);
        }
        NUMBERS.forEach(n -> System.out.println("RemoteRunsIT: " + n));
    }

    // ------------------------------------------------------------------------------------------
    // d + f: two sources, one experiment name; a token for another source's path; latency.

    @Test
    @Order(1)
    void twoSourcesRunningTheSameExperimentAreTwoRunsAndATokenWritesOnlyItsOwnSource() throws Exception {
        ClientProcess.Plan plan = new ClientProcess.Plan(250, 40, 6, 2);
        ClientProcess a;
        ClientProcess b;
        try (SseClient events = SseClient.to(base() + "/api/events").via(HTTP).connect()) {
            a = client("lab-a", "qubit1", "autocalibration", plan, proxyUrl());
            b = client("lab-b", "qubit1", "autocalibration", plan, proxyUrl());
            assertCaughtUp(a);
            assertCaughtUp(b);
            latency(a, events);
            latency(b, events);
        }
        // Two runs, each the same as its own client's files: neither overwrote the other.
        assertEquals(List.of(), MirrorComparison.differences(a.monitoring(), serverMonitoring("lab-a", "qubit1")));
        assertEquals(List.of(), MirrorComparison.differences(b.monitoring(), serverMonitoring("lab-b", "qubit1")));

        // A token used for another source's path: 403, and nothing is written.
        String tokenA = TOKENS.get("lab-a");
        HttpResponse<String> hello = send("GET", "/api/ingest/v1/", tokenA, null);
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("lab-a", JSON.readTree(hello.body()).get("source").asText(), hello.body());
        HttpResponse<String> other = send("GET", "/api/ingest/v1/lab-b/qubit1", tokenA, null);
        assertEquals(403, other.statusCode(), "GET of lab-b's root with lab-a's token: " + other.body());
        Path bLog = serverMonitoring("lab-b", "qubit1")
                .resolve("logs")
                .resolve(b.logFile().getFileName());
        long bLength = Files.size(bLog);
        HttpResponse<String> append = send(
                "POST",
                "/api/ingest/v1/lab-b/qubit1/logs/" + bLog.getFileName() + "?offset=" + bLength,
                tokenA,
                "2025-01-01 12:00:00,000 - INFO - written with another source's token\n");
        assertEquals(403, append.statusCode(), "POST to lab-b's log with lab-a's token: " + append.body());
        HttpResponse<String> plot =
                send("PUT", "/api/ingest/v1/lab-b/qubit1/plots/intruder.png", tokenA, RemoteClientMain.png(99));
        assertEquals(403, plot.statusCode(), "PUT of a plot into lab-b's root with lab-a's token: " + plot.body());
        assertEquals(List.of(), MirrorComparison.differences(b.monitoring(), serverMonitoring("lab-b", "qubit1")));
        HttpResponse<String> none = send("GET", "/api/ingest/v1/lab-b/qubit1", null, null);
        assertEquals(401, none.statusCode(), "no token: " + none.body());
    }

    // ------------------------------------------------------------------------------------------
    // e: ship --once on files a Python program wrote in the seed's format.

    @Test
    @Order(2)
    void shipOnceSendsARunAPythonProgramWroteInTheSeedsFormat() throws Exception {
        Path exptDir = work.resolve("python").resolve("pyexp");
        Files.createDirectories(exptDir);
        Process python = new ProcessBuilder(
                        python3(),
                        Path.of(RemoteRunsIT.class
                                        .getResource("/remote/seed_writer.py")
                                        .toURI())
                                .toString(),
                        exptDir.toString(),
                        "seed_run",
                        "200")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("python").resolve("python.log").toFile())
                .start();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(
                0,
                python.exitValue(),
                "python3: " + Launcher.read(work.resolve("python").resolve("python.log")));

        Path shipLog = work.resolve("python").resolve("ship.log");
        long start = System.nanoTime();
        int shipped = ClientProcess.shipOnce(
                exptDir, base(), TOKENS.get("lab-py"), work.resolve("python").resolve("token"), shipLog);
        NUMBERS.add("ship --once of a Python run (200 lines, status, 1 plot): "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, JVM start included");
        assertEquals(0, shipped, "ship --once: " + Launcher.read(shipLog));
        // --once exits 0 when the server holds everything: equal at once, no waiting.
        assertEquals(
                List.of(),
                MirrorComparison.differences(exptDir.resolve("monitoring"), serverMonitoring("lab-py", "pyexp")),
                "right after ship --once exited 0");
        JsonNode listed = Conditions.awaitListed(server.httpPort, "seed_run@lab-py.pyexp");
        assertEquals("completed", listed.get("state").asText(), listed.toString());
        assertEquals(5, listed.get("current_step").asInt(), listed.toString());
    }

    // ------------------------------------------------------------------------------------------
    // b: the network cut (every connection closed, new ones refused) and stalled, mid-run.

    @Test
    @Order(3)
    void aNetworkCutAndAStallMidRunAreCaughtUp() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        ClientProcess c = client("lab-net", "netcut", "sweep", new ClientProcess.Plan(320, 50, 8, 4), proxyUrl());
        awaitShipping(c);

        int at = c.linesLogged();
        long connections = proxy.connections();
        proxy.mode(FaultProxy.Mode.DROP);
        c.awaitLines(at + 50);
        NUMBERS.add("network cut: " + (proxy.connections() - connections) + " connection attempt(s) during ~2.5 s");
        proxy.mode(FaultProxy.Mode.PASS);
        catchUp("after a ~2.5 s network cut", c);

        at = c.linesLogged();
        proxy.mode(FaultProxy.Mode.STALL);
        c.awaitLines(at + 60);
        proxy.mode(FaultProxy.Mode.PASS);
        catchUp("after a ~3 s stall", c);

        assertCaughtUp(c);
        assertOutagesReported(c);
    }

    // ------------------------------------------------------------------------------------------
    // c: the source's token revoked mid-run, then the same hash line put back.

    @Test
    @Order(4)
    void aTokenRevokedMidRunAndAddedBackIsCaughtUp() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        String token = TOKENS.get("lab-revoke");
        Path tokensFile = server.home.resolve("etc/org.labwatch.ingest.tokens");
        // The refused token waits the shipper's longest backoff (30 s) before its next try: the run
        // lasts long enough to be still going when that try succeeds.
        ClientProcess c = client("lab-revoke", "revoked", "t1_scan", new ClientProcess.Plan(900, 50, 9, 3), proxyUrl());
        awaitShipping(c);
        String line = Files.readAllLines(tokensFile).stream()
                .filter(l -> l.startsWith("lab-revoke="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lab-revoke line in " + Launcher.read(tokensFile)));

        Launcher.Run revoke = launcher.run("token-revoke.log", "token", "revoke", "lab-revoke");
        assertEquals(0, revoke.exitCode(), revoke.output());
        Conditions.await(
                "the revoked token to be refused",
                Duration.ofSeconds(10),
                () -> status("/api/ingest/v1/", token) == 401 ? true : null,
                () -> "answers " + status("/api/ingest/v1/", token));
        // Nothing is accepted while it is revoked (a request past the check when the file changed
        // may still end: the sizes are taken a little later).
        c.awaitLines(c.linesLogged() + 20);
        Path serverLog = c.serverLog(dataDir);
        long whileRevoked = Files.size(serverLog);
        long clientWhileRevoked = c.logSize();
        c.awaitLines(c.linesLogged() + 40);
        assertEquals(whileRevoked, Files.size(serverLog), "the server's copy grew while the token was revoked");
        assertTrue(c.logSize() > clientWhileRevoked, "the client went on writing");

        // The same hash line back (a new token could not reach the running client); the server re-reads the file.
        String now = Files.readString(tokensFile);
        Path tmp = tokensFile.resolveSibling(tokensFile.getFileName() + ".test-tmp");
        Files.writeString(tmp, now + (now.isEmpty() || now.endsWith("\n") ? "" : "\n") + line + "\n");
        Files.move(tmp, tokensFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Conditions.await(
                "the token added back to be accepted",
                Duration.ofSeconds(10),
                () -> status("/api/ingest/v1/", token) == 200 ? true : null,
                () -> "answers " + status("/api/ingest/v1/", token));
        catchUp("after the token was revoked and added back", c);
        assertCaughtUp(c);
        assertOutagesReported(c);
        assertTrue(c.stderr().contains("401"), "the refusal is named: " + c.stderr());
    }

    // ------------------------------------------------------------------------------------------
    // The run ends while the network is cut: the JVM waits at most 5 s, names the command that
    // sends the rest (docs/remote.md, "From the Java client"), and that command does.

    @Test
    @Order(5)
    void aRunThatEndsDuringAnOutageIsSentByTheCommandTheClientNames() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        ClientProcess c = client("lab-exit", "ended", "ramsey", new ClientProcess.Plan(120, 40, 4, 2), proxyUrl());
        awaitShipping(c);
        proxy.mode(FaultProxy.Mode.DROP);
        long cut = System.nanoTime();
        int exit = c.awaitExit(Duration.ofSeconds(60));
        long ended = System.nanoTime();
        long afterLastLine = TimeUnit.NANOSECONDS.toMillis(ended - c.sentNanos().get(c.lines));
        NUMBERS.add("a run ending during a cut: its JVM ended " + TimeUnit.NANOSECONDS.toMillis(ended - cut)
                + " ms after the cut, " + afterLastLine + " ms after its last line (at most 5 s of waiting at exit)");
        assertEquals(0, exit, c.describe());
        // 5 s of waiting, and a JVM's exit besides.
        assertTrue(afterLastLine <= 8000, "the JVM ended " + afterLastLine + " ms after its last line");
        assertEquals("", c.exceptions(), "exceptions the client saw");
        assertTrue(
                c.stderr().contains("./labwatch ship --once " + c.exptDir),
                "the command that sends the rest is named:\n" + c.stderr());
        assertTrue(
                !MirrorComparison.differences(c.monitoring(), serverMonitoring(c.source, c.root))
                        .isEmpty(),
                "the server cannot have everything: the network was cut");
        // ... and it names what the server lacks: the plots saved after the cut, the log.
        List<String> lacking = new ArrayList<>(List.of("logs/" + c.logFile().getFileName()));
        MirrorComparison.names(c.monitoring().resolve("plots")).forEach(n -> lacking.add("plots/" + n));
        assertEquals(c.plan.plots() + 1, lacking.size(), lacking.toString());
        for (String file : lacking) {
            assertTrue(c.stderr().contains(c.root + ": " + file), file + " is not named:\n" + c.stderr());
        }

        proxy.mode(FaultProxy.Mode.PASS);
        Path shipLog = c.out.resolve("ship-once.log");
        int shipped =
                ClientProcess.shipOnce(c.exptDir, proxyUrl(), TOKENS.get(c.source), c.out.resolve("token"), shipLog);
        assertEquals(0, shipped, "ship --once: " + Launcher.read(shipLog));
        assertCaughtUp(c);
    }

    // ------------------------------------------------------------------------------------------
    // a: the server killed with kill -9 mid-run and started again with the launcher.

    @Test
    @Order(6)
    void theServerKilledMidRunAndStartedAgainByTheLauncherIsCaughtUp() throws Exception {
        proxy.mode(FaultProxy.Mode.PASS);
        // Long enough (60 s) to outlast a restart by the launcher on a loaded machine (40 s seen on 2 shared
        // cores) and the shipper's doubling delays (0.5 s ... 16 s).
        ClientProcess c = client("lab-kill", "killed", "rabi", new ClientProcess.Plan(1200, 50, 10, 5), proxyUrl());
        awaitShipping(c);
        c.awaitLines(c.linesLogged() + 20);

        ProcessHandle jvm = server.jvm().orElseThrow(() -> new AssertionError("no Karaf JVM to kill"));
        long killedAt = System.nanoTime();
        assertTrue(jvm.destroyForcibly(), "kill -9 of " + jvm.pid());
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertEquals(null, Conditions.get(server.httpPort, "/api/health"), "the server still answers");
        int linesAtKill = c.linesLogged();

        // ./labwatch on the same server directory: it must see that karaf.pid names a dead process.
        // The directory is this build's distribution, unpacked: the marker says so, so the launcher
        // neither rebuilds nor unpacks it again.
        Files.writeString(server.home.resolve(".unpacked"), "");
        startedByLauncher = true;
        Launcher.Run start = launcher.run(
                "restart.log",
                "--background",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(server.httpPort),
                "--ssh-port",
                Integer.toString(server.sshPort),
                "--data-dir",
                dataDir.toString());
        assertEquals(0, start.exitCode(), start.output());
        assertTrue(start.output().contains("server up at http://"), start.output());
        NUMBERS.add("kill -9 to ./labwatch --background returning (healthy, indexed): "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms; the client logged "
                + (c.linesLogged() - linesAtKill) + " lines meanwhile");
        assertTrue(c.alive(), "the client must still be running to catch up: " + c.describe());
        long newPid = Long.parseLong(
                Files.readString(server.home.resolve("karaf.pid")).trim());
        assertTrue(newPid != jvm.pid() && ProcessHandle.of(newPid).isPresent(), "a new Karaf: pid " + newPid);
        catchUp("after kill -9 and a restart by the launcher", c);
        assertCaughtUp(c);
        assertOutagesReported(c);

        // What was shipped before the kill is still there and listed.
        for (String source : List.of("lab-a", "lab-b")) {
            Conditions.awaitListed(server.httpPort, "autocalibration@" + source + ".qubit1");
        }
        Conditions.awaitListed(server.httpPort, "sweep@lab-net.netcut");
    }

    // ------------------------------------------------------------------------------------------

    private static ClientProcess client(
            String source, String root, String name, ClientProcess.Plan plan, String serverUrl) throws IOException {
        ClientProcess c = ClientProcess.start(work, source, root, name, plan, serverUrl, TOKENS.get(source));
        CLIENTS.add(c);
        return c;
    }

    /** The client has logged a few lines and the server holds a first part of its log. */
    private static void awaitShipping(ClientProcess c) {
        Conditions.await(
                "the server to receive the first lines of " + c,
                Duration.ofSeconds(30),
                () -> {
                    Path log = c.serverLog(dataDir);
                    return c.linesLogged() >= 10 && log != null && ClientProcess.size(log) > 0 ? true : null;
                },
                () -> c.describe() + "\nkaraf.log:\n" + server.tailOfLog());
    }

    /**
     * From now (the fault just ended), the time until the server holds what the client's log held
     * now: the catch-up time, kept in the numbers.
     */
    private static void catchUp(String what, ClientProcess c) {
        long start = System.nanoTime();
        long target = c.logSize();
        Conditions.await(
                "the server to catch up " + what + " (" + target + " bytes of " + c + "'s log)",
                CATCH_UP,
                () -> {
                    Path log = c.serverLog(dataDir);
                    return log != null && ClientProcess.size(log) >= target ? true : null;
                },
                () -> "server holds " + ClientProcess.size(c.serverLog(dataDir)) + " bytes; " + c.describe()
                        + "\nkaraf.log:\n" + server.tailOfLog());
        NUMBERS.add("catch-up " + what + ": " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms ("
                + target + " bytes of log)");
    }

    /**
     * The run ended well and the server holds exactly its files: exit 0, no exception, the same
     * logs, status, plots, and the run listed under its remote id.
     */
    private static void assertCaughtUp(ClientProcess c) throws Exception {
        int exit = c.awaitExit(Duration.ofSeconds(120));
        assertEquals(0, exit, c.describe());
        assertEquals("", c.exceptions(), "exceptions the client saw");
        assertEquals(c.lines, c.linesLogged());
        Path theirs = serverMonitoring(c.source, c.root);
        Conditions.await(
                "the server's copy of " + c + " to equal the client's files",
                CATCH_UP,
                () -> MirrorComparison.differences(c.monitoring(), theirs).isEmpty() ? true : null,
                () -> MirrorComparison.differences(c.monitoring(), theirs) + "\n" + c.describe() + "\nkaraf.log:\n"
                        + server.tailOfLog());
        assertEquals(
                c.plan.plots(),
                MirrorComparison.names(theirs.resolve("plots")).size(),
                "every plot once: " + MirrorComparison.names(theirs.resolve("plots")));
        JsonNode listed = Conditions.awaitListed(server.httpPort, c.name + "@" + c.source + "." + c.root);
        assertEquals("completed", listed.get("state").asText(), listed.toString());
    }

    /**
     * The experiment saw no exception, but its stderr told of the outage, once, and of its end
     * (docs/remote.md: "reported on stderr once per outage").
     */
    private static void assertOutagesReported(ClientProcess c) {
        List<String> lines = c.stderr().lines().toList();
        long failed = lines.stream()
                .filter(l -> l.startsWith("labwatch: shipping root '" + c.root + "'") && l.contains(" failed: "))
                .count();
        long recovered = lines.stream()
                .filter(l -> l.startsWith("labwatch: shipping root '" + c.root + "'") && l.contains(" caught up "))
                .count();
        assertTrue(failed >= 1 && failed == recovered, "an outage told once and its end once:\n" + c.stderr());
    }

    /**
     * Every line of {@code c} that arrived as a {@code log} event of its run: the time from just
     * before {@code monitor.log} (the client's clock is the machine's monotonic one, as ours) to the
     * event's arrival. From the first line seen on, none may be missing.
     */
    private static void latency(ClientProcess c, SseClient events) throws IOException {
        TreeMap<Integer, Long> arrived = LineArrivals.of(events.received(), c.name + "@" + c.source + "." + c.root);
        Map<Integer, Long> sent = c.sentNanos();
        assertTrue(!arrived.isEmpty(), "no 'log' event of " + c + " among " + events.kinds());
        int first = arrived.firstKey();
        assertEquals(
                List.of(),
                LineArrivals.missing(arrived, c.lines),
                "lines of " + c + " never seen in a 'log' event after line " + first);
        LineArrivals.Spread spread = LineArrivals.Spread.of(LineArrivals.millis(arrived, sent));
        long p95 = spread.p95();
        NUMBERS.add("latency monitor.log -> /api/events 'log' event, " + c + " (lines from line " + first + "): "
                + spread + "; the first line in an event"
                + " was logged " + TimeUnit.NANOSECONDS.toMillis(sent.get(first) - sent.get(1))
                + " ms after line 1 (earlier lines are not sent as events: a new root's log is followed from"
                + " where it was when the web side started watching it)");
        assertTrue(p95 <= LATENCY_BOUND.toMillis(), "p95 " + p95 + " ms over " + LATENCY_BOUND.toMillis() + " ms");
        // A new root is found within a second and its logs watched as soon as its runs are told:
        // only the first moments of a shipped run are not live events (they were 5 s when the web
        // side's log watch took a new root's logs at its 5-second recheck).
        long firstAfter = TimeUnit.NANOSECONDS.toMillis(sent.get(first) - sent.get(1));
        assertTrue(firstAfter <= 3000, "the live log of " + c + " began " + firstAfter + " ms into the run");
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

    private static String python3() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "python3";
    }

    /** The status code of a GET (with a bearer token when given), without reading the body; -1 when nothing answers. */
    private static int status(String path, String token) {
        return Conditions.status(server.httpPort, path, token);
    }

    /** A plain ingest request: body a String (as UTF-8) or bytes; directly to the server, not through the proxy. */
    private static HttpResponse<String> send(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes
                        ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                        : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, publisher);
        if (body != null) {
            b.header("Content-Type", body instanceof byte[] ? "image/png" : "application/octet-stream");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

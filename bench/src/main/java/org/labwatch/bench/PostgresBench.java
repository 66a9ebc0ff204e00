package org.labwatch.bench;

import static org.awaitility.Awaitility.await;
import static org.labwatch.bench.BenchContainer.check;
import static org.labwatch.bench.BenchContainer.delete;
import static org.labwatch.bench.BenchContainer.ms;
import static org.labwatch.bench.BenchContainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.labwatch.testsupport.PostgresCluster;
import org.labwatch.testsupport.SseClient;

/**
 * Several labwatch nodes on one PostgreSQL, measured from outside (docs/benchmarks.md, section
 * "Several servers on one PostgreSQL"). A throwaway cluster (test-support's {@link PostgresCluster},
 * with the server settings given on the command line after its test defaults), and two unpacked
 * distributions configured as {@code ./labwatch --jdbc-url ...} configures them:
 * <ol>
 * <li>{@code runs} runs written as files (as {@link ServerBench} writes them) and copied into the
 *     database by the store's own {@code Cli import}; then node A and node B boot on it;
 * <li>{@code GET /api/experiments} (first page, a filtered and sorted deep page, a search, one
 *     experiment) on node A and on node B;
 * <li>a status replaced and a log line appended through node A's ingest (the shipping protocol's
 *     requests, one at a time) to the event on node B's {@code /api/events} (and on A's);
 * <li>the shipper ({@code labwatch-ship.jar}, following) on a run logging 1,000 lines/s: line
 *     written to its {@code log} event on both nodes;
 * <li>node B stopped; the shipper's {@code --once} catch-up of a log of {@code catchUpLines} lines
 *     through node A into the database: MB/s and lines/s, checked against the row's length.
 * </ol>
 * Not JMH: the systems under test are other processes. Usage:
 * {@code java -cp bench/target/benchmarks.jar org.labwatch.bench.PostgresBench <labwatch-server.tar.gz>
 * <labwatch-ship.jar> [runs=10000] [samples=1000] [catchUpLines=2000000] [liveSeconds=30] [setting=value...]}
 */
public final class PostgresBench {

    private static final String SOURCE = "bench-pc";
    private static final String DATABASE = "labwatch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private final Path work;
    private final Path archive;
    private final Path shipJar;
    private final Path data;
    private final List<BenchContainer> nodes = new ArrayList<>();
    private final LoadWatch load = new LoadWatch();
    private PostgresCluster pg;
    private Path password;
    private String token;
    private Path tokenFile;

    private PostgresBench(Path work, Path archive, Path shipJar) {
        this.work = work;
        this.archive = archive;
        this.shipJar = shipJar;
        this.data = work.resolve("data");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PostgresBench <labwatch-server-*.tar.gz> <labwatch-ship.jar> [runs=10000]"
                    + " [samples=1000] [catchUpLines=2000000] [liveSeconds=30] [setting=value...]\n"
                    + "  setting=value: PostgreSQL server settings after the test cluster's own (fsync=off,"
                    + " full_page_writes=off, shared_buffers=16MB), e.g. fsync=on full_page_writes=on");
            System.exit(2);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int catchUpLines = args.length > 4 ? Integer.parseInt(args[4]) : 2_000_000;
        int liveSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        String[] settings = args.length > 6 ? Arrays.copyOfRange(args, 6, args.length) : new String[0];
        Path work = Files.createTempDirectory("labwatch-pgbench");
        PostgresBench bench =
                new PostgresBench(work, Path.of(args[0]), Path.of(args[1]).toAbsolutePath());
        try {
            bench.run(runs, samples, catchUpLines, liveSeconds, settings);
        } finally {
            bench.load.close();
            for (BenchContainer node : bench.nodes) {
                node.stop();
            }
            if (bench.pg != null) {
                bench.pg.close();
            }
            delete(work);
        }
    }

    private void run(int runs, int samples, int catchUpLines, int liveSeconds, String[] settings) throws Exception {
        load.phase("cluster and runs");
        pg = PostgresCluster.create(settings);
        pg.createDatabase(DATABASE);
        System.out.println("PostgreSQL "
                + pg.sql(
                        DATABASE,
                        "SELECT current_setting('server_version') || ': fsync=' || current_setting('fsync')"
                                + " || ', full_page_writes=' || current_setting('full_page_writes')"
                                + " || ', synchronous_commit=' || current_setting('synchronous_commit')"
                                + " || ', shared_buffers=' || current_setting('shared_buffers')"
                                + " || ', data in ' || current_setting('data_directory')"));
        password = Files.writeString(work.resolve("db-password"), "bench\n");
        token = ShippingBench.newToken();
        tokenFile = Files.writeString(work.resolve("token"), token + "\n");
        BenchContainer a = node("node-a");
        BenchContainer b = node("node-b");

        writeRuns(runs);
        load.phase("import");
        importRuns(a.home);
        // The nodes read the database only: nothing of the runs is left on disk.
        delete(data.resolve("monitoring"));

        load.phase("boot");
        for (BenchContainer node : nodes) {
            long t0 = System.nanoTime();
            node.boot();
            long healthy = System.nanoTime();
            awaitListed(node, runs);
            System.out.printf(
                    Locale.ROOT,
                    "%s booted: /api/health 200 after %d ms, all %d runs listed after %d ms%n",
                    node.home.getFileName(),
                    ms(healthy - t0),
                    runs,
                    ms(System.nanoTime() - t0));
        }

        if (runs > 0) {
            int warmup = Math.max(10, samples / 10);
            for (BenchContainer node : nodes) {
                load.phase("list on " + node.home.getFileName());
                String who = node.home.getFileName() + ": ";
                node.timeGets(who, "/api/experiments", warmup, samples);
                node.timeGets(
                        who,
                        "/api/experiments?state=completed&sort=name&offset=" + runs / 2 + "&limit=100",
                        warmup,
                        samples);
                node.timeGets(who, "/api/experiments?q=run_0999", warmup, samples);
                node.timeGets(who, "/api/experiments/run_00020", warmup, samples);
            }
        }

        load.phase("cross-node events");
        crossNode(a, b, samples);
        load.phase("live shipping");
        live(a, b, 1000, liveSeconds);

        load.phase("catch-up");
        b.stop();
        catchUp(a, catchUpLines);
    }

    private BenchContainer node(String name) throws Exception {
        BenchContainer node = BenchContainer.unpack(archive, work.resolve(name));
        nodes.add(node);
        NodeOnDatabase.configure(node.home, pg.jdbcUrl(DATABASE), pg.user(), password, data);
        Files.writeString(
                node.home.resolve("etc/org.labwatch.ingest.tokens"),
                SOURCE + "=sha256:" + ShippingBench.sha256(token) + "\n");
        return node;
    }

    // ---- runs in the database ----

    /** The runs {@link ServerBench} writes: 5 % running, the rest completed or failed, 20 messages, a log each. */
    private void writeRuns(int runs) throws IOException {
        Path statusDir = Files.createDirectories(data.resolve("monitoring/status"));
        Path logsDir = Files.createDirectories(data.resolve("monitoring/logs"));
        LocalDateTime now = LocalDateTime.now().withNano(0);
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            String name = String.format(Locale.ROOT, "run_%05d", i);
            String state = i % 20 == 0 ? "running" : i % 7 == 0 ? "failed" : "completed";
            String json = ServerBench.status(name, state, now.minusMinutes(i), i % 10 + 1, "step " + i, 20, "first");
            Files.writeString(statusDir.resolve(name + "_status.json"), json);
            Files.writeString(
                    logsDir.resolve(name + "_20250101_120000.log"),
                    "2025-01-01 12:00:00,000 - INFO - started " + name + "\n");
            bytes += json.length();
        }
        System.out.printf(Locale.ROOT, "%d runs written as files: statuses %.1f MB in all%n", runs, bytes / 1e6);
    }

    /** {@code ./labwatch import DATA}: the store's Cli from node A's system/ directory, as the launcher runs it. */
    private void importRuns(Path home) throws Exception {
        String classPath = String.join(
                ":",
                jar(home, "org/labwatch/labwatch-store-postgres"),
                jar(home, "org/postgresql/postgresql"),
                jar(home, "org/labwatch/labwatch-api"));
        long t0 = System.nanoTime();
        String out = BenchContainer.exec(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "org.labwatch.store.postgres.Cli",
                "import",
                data.toString(),
                "--jdbc-url",
                pg.jdbcUrl(DATABASE),
                "--db-user",
                pg.user(),
                "--db-password-file",
                password.toString(),
                "--root",
                data.toString());
        long t1 = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "import: %d ms; it said: %s%n  database: %s rows in labwatch_file, %s%n",
                ms(t1 - t0),
                out.strip().lines().reduce((x, y) -> y).orElse(""),
                pg.sql(DATABASE, "SELECT count(*) FROM labwatch_file"),
                pg.sql(DATABASE, "SELECT pg_size_pretty(pg_database_size(current_database()))"));
    }

    /** The one jar of a Maven directory under the distribution's system/. */
    private static String jar(Path home, String groupAndArtifact) throws IOException {
        try (Stream<Path> all = Files.walk(home.resolve("system").resolve(groupAndArtifact))) {
            return all.filter(p -> p.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar under system/" + groupAndArtifact))
                    .toString();
        }
    }

    private static void awaitListed(BenchContainer node, int runs) {
        await("all " + runs + " runs listed on " + node.base())
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = BenchContainer.HTTP.send(
                            HttpRequest.newBuilder(URI.create(node.base() + "/api/experiments?limit=1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200
                            && JSON.readTree(r.body()).get("total").asInt() >= runs;
                });
    }

    // ---- across nodes ----

    /** Through node A's ingest, as a shipper sends: a status, then log lines; each to its event on B (and A). */
    private void crossNode(BenchContainer a, BenchContainer b, int samples) throws Exception {
        String name = "xrun";
        String id = name + "@" + SOURCE + ".xnode";
        String ingest = a.base() + "/api/ingest/v1/" + SOURCE + "/xnode";
        try (SseClient onB = SseClient.connect(b.base() + "/api/events");
                SseClient onA = SseClient.connect(a.base() + "/api/events")) {
            LocalDateTime now = LocalDateTime.now().withNano(0);
            String statusUrl = ingest + "/status/" + name + "_status.json?version=";
            upload("PUT", statusUrl + 1, ServerBench.status(name, "running", now, 1, "warming up", 20, "u-0"));
            onB.await("added", "\"id\":\"" + id + "\"", EVENT_WAIT);
            // Each node finds a new shipped root by its own scan: samples start when both know the run.
            onA.await("added", "\"id\":\"" + id + "\"", EVENT_WAIT);
            long[] sent = new long[samples];
            long[] answered = new long[samples];
            long[] onNodeB = new long[samples];
            for (int i = 1; i <= samples; i++) {
                String marker = "u-" + i;
                String json = ServerBench.status(name, "running", now, i % 10 + 1, "update " + marker, 20, marker);
                sent[i - 1] = System.nanoTime();
                upload("PUT", statusUrl + (i + 1), json);
                answered[i - 1] = System.nanoTime() - sent[i - 1];
                SseClient.Event e = onB.await("changed", "\"step_name\":\"update " + marker + "\"", EVENT_WAIT);
                onNodeB[i - 1] = e.receivedNanos() - sent[i - 1];
            }
            report("status PUT through node A's ingest -> answered (committed)", answered);
            report("status PUT through node A's ingest -> 'changed' event on node B", onNodeB);
            awaitQuietly(onA, "changed", "\"step_name\":\"update u-" + samples + "\"");
            report(
                    "status PUT through node A's ingest -> 'changed' event on node A",
                    latencies(onA, "changed", Pattern.compile("\"step_name\":\"update u-(\\d+)\""), sent, 1));

            String logUrl = ingest + "/logs/" + name + "_20250101_120000.log?offset=";
            long offset = 0;
            // Node B follows the run's log once it has heard of it: lines until one comes as an event.
            for (int k = 0; ; k++) {
                offset = append(logUrl, offset, "warm-up line " + k);
                try {
                    onB.await("log", "warm-up line " + k + "\"", Duration.ofSeconds(1));
                    break;
                } catch (AssertionError notYet) {
                    check(k < 30, "no warm-up line came as a 'log' event on node B in 30 tries");
                }
            }
            for (int i = 1; i <= samples; i++) {
                sent[i - 1] = System.nanoTime();
                offset = append(logUrl, offset, "cross-node line " + i + " end");
                answered[i - 1] = System.nanoTime() - sent[i - 1];
                SseClient.Event e = onB.await("log", "cross-node line " + i + " end\"", EVENT_WAIT);
                onNodeB[i - 1] = e.receivedNanos() - sent[i - 1];
            }
            report("log line POST through node A's ingest -> answered (committed)", answered);
            report("log line POST through node A's ingest -> 'log' event on node B", onNodeB);
            awaitQuietly(onA, "log", "cross-node line " + samples + " end\"");
            report(
                    "log line POST through node A's ingest -> 'log' event on node A",
                    latencies(onA, "log", Pattern.compile("cross-node line (\\d+) end"), sent, 1));
        }
    }

    /**
     * The event of the last sample on the node whose events are read afterwards: received, or
     * (a status read once after two writes is one event) a later one shows the samples it missed.
     */
    private static void awaitQuietly(SseClient events, String kind, String part) {
        try {
            events.await(kind, part, Duration.ofSeconds(5));
        } catch (AssertionError notThere) {
            System.out.println("  (no '" + kind + "' event with " + part + " within 5 s)");
        }
    }

    /** One line appended at {@code offset} through the ingest; returns the new length. */
    private long append(String logUrl, long offset, String message) throws Exception {
        String body = "2025-01-01 12:00:01,000 - INFO - " + message + "\n";
        JsonNode answer = upload("POST", logUrl + offset, body);
        long length = answer.get("length").asLong();
        check(length == offset + body.getBytes(StandardCharsets.UTF_8).length, "appended to " + length);
        return length;
    }

    private JsonNode upload(String method, String url, String body) throws Exception {
        HttpResponse<String> r = BenchContainer.HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/octet-stream")
                        .header("Labwatch-Behind", "0")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        check(r.statusCode() == 200, method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /**
     * Each sample's first event of {@code kind} that names it (group 1 of {@code pattern}, counted
     * from {@code first}), minus when it was sent; an event may carry several lines.
     */
    private static long[] latencies(SseClient events, String kind, Pattern pattern, long[] sent, int first) {
        long[] received = new long[sent.length];
        for (SseClient.Event e : events.received()) {
            if (!e.kind().equals(kind)) {
                continue;
            }
            Matcher m = pattern.matcher(e.data());
            while (m.find()) {
                int i = Integer.parseInt(m.group(1)) - first;
                if (i >= 0 && i < sent.length && received[i] == 0) {
                    received[i] = e.receivedNanos();
                }
            }
        }
        long[] latency = new long[sent.length];
        int n = 0;
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < sent.length; i++) {
            if (received[i] == 0) {
                missing.add(i + first);
            } else {
                latency[n++] = received[i] - sent[i];
            }
        }
        if (!missing.isEmpty()) {
            // A status read once after two writes is one event with the newer content (the table is the truth).
            System.out.printf(
                    Locale.ROOT,
                    "  (%d of %d samples came in no '%s' event of their own: %s)%n",
                    missing.size(),
                    sent.length,
                    kind,
                    missing.subList(0, Math.min(20, missing.size())));
        }
        check(n > 0, "no sample came as a '" + kind + "' event");
        return Arrays.copyOf(latency, n);
    }

    // ---- the shipper ----

    /** A run logging {@code perSecond} lines, shipped by labwatch-ship.jar to node A: line written to event on B and A. */
    private void live(BenchContainer a, BenchContainer b, int perSecond, int seconds) throws Exception {
        Path expt = work.resolve("live");
        Path logs = Files.createDirectories(expt.resolve("monitoring/logs"));
        Path status = Files.createDirectories(expt.resolve("monitoring/status"));
        LocalDateTime now = LocalDateTime.now().withNano(0);
        Files.writeString(
                status.resolve("live_run_status.json"),
                ServerBench.status("live_run", "running", now, 1, "logging", 20, "live"));
        Path log = logs.resolve("live_run_20250101_120000.log");
        Files.writeString(log, "2025-01-01 12:00:00,000 - INFO - start\n");
        Process ship = ship(expt, a, "ship-live.log");
        int lines = perSecond * seconds;
        long[] sent = new long[lines];
        try (SseClient onB = SseClient.connect(b.base() + "/api/events");
                SseClient onA = SseClient.connect(a.base() + "/api/events");
                OutputStream out = new FileOutputStream(log.toFile(), true)) {
            onB.await("added", "\"id\":\"live_run@" + SOURCE + ".live\"", Duration.ofSeconds(60));
            for (int k = 0; ; k++) {
                out.write(("2025-01-01 12:00:00,000 - INFO - warm-up " + k + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    onB.await("log", "warm-up " + k + "\"", Duration.ofSeconds(1));
                    break;
                } catch (AssertionError notYet) {
                    check(k < 60, "no warm-up line came as a 'log' event on node B in 60 tries");
                }
            }
            long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                ShippingBench.pace(start + i * period);
                sent[i] = System.nanoTime();
                // Unbuffered: each line is in the file when its time is taken, as a monitor's log call leaves it.
                out.write(("2025-01-01 12:00:01,000 - INFO - live line " + i + " end\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            onB.await("log", "live line " + (lines - 1) + " end\"", Duration.ofSeconds(60));
            onA.await("log", "live line " + (lines - 1) + " end\"", Duration.ofSeconds(60));
            Pattern line = Pattern.compile("live line (\\d+) end");
            String what = String.format(
                    Locale.ROOT,
                    "line written, %d lines/s for %d s, shipped to node A -> 'log' event on node ",
                    perSecond,
                    seconds);
            report(what + "B", latencies(onB, "log", line, sent, 0));
            report(what + "A", latencies(onA, "log", line, sent, 0));
        } finally {
            ship.destroy();
            ship.waitFor(20, TimeUnit.SECONDS);
            ship.destroyForcibly();
        }
    }

    /** A log written while nothing shipped, then {@code ship --once} through node A until the database holds it. */
    private void catchUp(BenchContainer a, int lines) throws Exception {
        Path expt = work.resolve("catchup");
        Path log = Files.createDirectories(expt.resolve("monitoring/logs")).resolve("catchup_20250101_120000.log");
        long bytes = calibrationLog(log, lines);
        Map<String, Duration> cpuBefore = cpu(a);
        String loadBefore = LoadWatch.loadAverages();
        long t0 = System.nanoTime();
        Process ship = ship(expt, a, "ship-catchup.log", "--once", "--timeout", "1200");
        check(ship.waitFor(25, TimeUnit.MINUTES), "ship --once did not exit");
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Duration> cpuAfter = cpu(a);
        check(
                ship.exitValue() == 0,
                "ship --once exited " + ship.exitValue() + ": " + Files.readString(work.resolve("ship-catchup.log")));
        String held = pg.sql(
                DATABASE,
                "SELECT length FROM labwatch_file WHERE path = 'remote/" + SOURCE
                        + "/catchup/monitoring/logs/catchup_20250101_120000.log'");
        check(Long.toString(bytes).equals(held), "the database holds " + held + " of " + bytes + " bytes");
        System.out.printf(
                Locale.ROOT,
                "catch-up through node A into PostgreSQL, ship --once of %.1f MB, %d lines (JVM start included): %.1f s,"
                        + " %.1f MB/s, %.0f lines/s (load %s before, %s after)%n",
                bytes / 1e6,
                lines,
                s,
                bytes / 1e6 / s,
                lines / s,
                loadBefore,
                LoadWatch.loadAverages());
        cpuAfter.forEach((who, after) -> System.out.printf(
                Locale.ROOT,
                "  CPU of %s meanwhile: %.1f s (%.0f %% of one core)%n",
                who,
                after.minus(cpuBefore.get(who)).toMillis() / 1e3,
                100.0 * after.minus(cpuBefore.get(who)).toMillis() / 1e3 / s));
        System.out.println("  that log in the database: "
                + pg.sql(
                        DATABASE,
                        "SELECT count(*) || ' chunk rows, ' || pg_size_pretty(sum(pg_column_size(data)))"
                                + " || ' stored (compressed)' FROM labwatch_chunk WHERE file_id = (SELECT id FROM"
                                + " labwatch_file WHERE path = 'remote/" + SOURCE
                                + "/catchup/monitoring/logs/catchup_20250101_120000.log')"));
        System.out.println("  chunk table: "
                + pg.sql(
                        DATABASE,
                        "SELECT count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('labwatch_chunk'))"
                                + " FROM labwatch_chunk"));
    }

    /**
     * {@code lines} records of a calibration's kind, about 100 bytes each, with measured values that
     * vary as real ones do: PostgreSQL compresses the chunks, and lines that differ only in a counter
     * (ShippingBench's) shrank 18 times in the database, which would flatter the write.
     */
    private static long calibrationLog(Path log, int lines) throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        try (java.io.BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write("2025-01-01 12:");
                w.write(String.format(
                        Locale.ROOT,
                        "%02d:%02d,%03d - INFO - point %d: f=%.6f GHz, T1=%.2f us, T2*=%.2f us, chi2=%.4f%n",
                        i / 60_000 % 60,
                        i / 1000 % 60,
                        i % 1000,
                        i,
                        4.5 + random.nextDouble(),
                        20 + 40 * random.nextDouble(),
                        5 + 30 * random.nextDouble(),
                        0.5 + random.nextDouble()));
            }
        }
        return Files.size(log);
    }

    private Process ship(Path expt, BenchContainer to, String logName, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                shipJar.toString(),
                expt.toString(),
                "--server",
                to.base(),
                "--token-file",
                tokenFile.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile())
                .start();
    }

    /** CPU time so far of node A's JVM and of the PostgreSQL server (postmaster and backends). */
    private Map<String, Duration> cpu(BenchContainer a) throws IOException, InterruptedException {
        Map<String, Duration> out = new HashMap<>();
        out.put(
                "node A's JVM",
                a.jvm().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO));
        Path pid = Path.of(pg.sql(DATABASE, "SHOW data_directory")).resolve("postmaster.pid");
        ProcessHandle postmaster = ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(pid).get(0).strip()))
                .orElseThrow();
        Duration server = postmaster.info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle p : postmaster.descendants().toList()) {
            server = server.plus(p.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        out.put("PostgreSQL (backends that ran at the end)", server);
        return out;
    }
}

package org.labwatch.bench;

import static org.labwatch.bench.BenchContainer.delete;
import static org.labwatch.bench.BenchContainer.report;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.internal.ship.ShipServer;
import org.labwatch.internal.ship.ShipToken;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.testsupport.FaultProxy;
import org.labwatch.testsupport.SseClient;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Remote runs, measured (docs/benchmarks.md, section "Shipping"): boots the distribution with a token
 * for one source, then, from this JVM as the instrument PC,
 * <ol>
 * <li>a run logging 100 lines/s that ships while it runs: {@code log} call to {@code log} event on the
 *     server's {@code /api/events};
 * <li>a run logging 1,000 lines/s: CPU of the shipping threads (the shipper and the HTTP client's) as a
 *     share of one core;
 * <li>catch-up after an outage: a log of {@code catchUpLines} lines written while nothing shipped,
 *     then one shipper: MB/s and lines/s until the server holds it all;
 * <li>the kill-safe logging JMH benchmark ({@code KillSafeLoggingBench.labwatch1Thread}) without a
 *     server, shipping to a server that holds every request, and shipping every line to this server.
 * </ol>
 * Not JMH itself (the server is another process). Usage:
 * {@code java -cp bench/target/benchmarks.jar org.labwatch.bench.ShippingBench <labwatch-server.tar.gz> [seconds=30] [catchUpLines=2000000] [jmh=true]}
 */
public final class ShippingBench {

    private static final String SOURCE = "bench-pc";

    private ShippingBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: ShippingBench <labwatch-server-*.tar.gz> [seconds=30] [catchUpLines=2000000] [jmh=true]");
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int catchUpLines = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        boolean jmh = args.length <= 3 || Boolean.parseBoolean(args[3]);
        Path work = Files.createTempDirectory("labwatch-shippingbench");
        BenchContainer server = BenchContainer.unpack(archive, work.resolve("server"));
        try {
            String token = newToken();
            Files.writeString(
                    server.home.resolve("etc/org.labwatch.ingest.tokens"), SOURCE + "=sha256:" + sha256(token) + "\n");
            Files.writeString(
                    server.home.resolve("etc/org.labwatch.index.cfg"), "dataDir = " + work.resolve("data") + "\n");
            Path tokenFile = Files.writeString(work.resolve("token"), token + "\n");
            server.boot();
            System.out.printf(Locale.ROOT, "server %s, source %s, %d s per rate%n", server.base(), SOURCE, seconds);
            // The Java client ships when these are set; they apply to runs created afterwards.
            System.setProperty("labwatch.core.server", server.base());
            System.setProperty("labwatch.core.tokenFile", tokenFile.toString());
            System.setProperty("labwatch.core.echo", "false");
            System.setProperty("labwatch.core.progressConsole", "off");

            latency(server, work.resolve("latency"), 100, seconds);
            cpu(work.resolve("cpu"), 1000, seconds);
            catchUp(server, ShipToken.of(token), work.resolve("catchup"), catchUpLines);
            if (jmh) {
                loggingCost(server.base(), tokenFile);
            }
        } finally {
            server.stop();
            delete(work);
        }
    }

    /** Each line's {@code log} call to its {@code log} event, at a steady rate. */
    private static void latency(BenchContainer server, Path expt, int perSecond, int seconds) throws Exception {
        int lines = perSecond * seconds;
        long[] sent = new long[lines];
        try (SseClient events = SseClient.connect(server.base() + "/api/events");
                Monitor m = Monitors.create(expt, "latency_run")) {
            long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                pace(start + i * period);
                sent[i] = System.nanoTime();
                m.log("latency line " + i + " end");
            }
            m.complete("done");
            events.await("log", "latency line " + (lines - 1) + " end", Duration.ofSeconds(60));
            // One event carries the lines the server read together: each line counts when its event came.
            long[] received = new long[lines];
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("latency line (\\d+) end");
            for (SseClient.Event e : events.received()) {
                if (e.kind().equals("log")) {
                    java.util.regex.Matcher found = line.matcher(e.data());
                    while (found.find()) {
                        int i = Integer.parseInt(found.group(1));
                        if (received[i] == 0) {
                            received[i] = e.receivedNanos();
                        }
                    }
                }
            }
            // The server starts following a shipped run's log when the run appears; lines already in
            // the file then are on its page (the log tail), not in events: measure from the first event.
            int from = 0;
            while (from < lines && received[from] == 0) {
                from++;
            }
            long[] latency = new long[lines - from];
            for (int i = from; i < lines; i++) {
                BenchContainer.check(received[i] != 0, "line " + i + " never came as a 'log' event");
                latency[i - from] = received[i] - sent[i];
            }
            report(
                    String.format(
                            Locale.ROOT,
                            "log call -> 'log' event on the server, %d lines/s for %d s (from line %d, the first in events)",
                            perSecond,
                            seconds,
                            from),
                    latency);
        }
    }

    /** CPU of the threads that ship (and only those), while a run logs at {@code perSecond}. */
    private static void cpu(Path expt, int perSecond, int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Monitor m = Monitors.create(expt, "cpu_run")) {
            long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
            // A second to let the shipper and its HTTP connection start before measuring.
            long start = System.nanoTime();
            for (int i = 0; i < perSecond; i++) {
                pace(start + i * period);
                m.log("warm-up line " + i);
            }
            long shipBefore = shippingCpu(threads);
            long t0 = System.nanoTime();
            int lines = perSecond * seconds;
            for (int i = 0; i < lines; i++) {
                pace(t0 + i * period);
                m.log("measured line " + i + " with a few words like a real message: f=5.1234 GHz");
            }
            long elapsed = System.nanoTime() - t0;
            long ship = shippingCpu(threads) - shipBefore;
            m.complete("done");
            System.out.printf(
                    Locale.ROOT,
                    "%d lines/s for %d s: shipping threads %.2f %% of one core%n",
                    perSecond,
                    seconds,
                    100.0 * ship / elapsed);
        }
    }

    /** The shipper's thread and the JDK HTTP client's threads: everything shipping runs on. */
    private static long shippingCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            if (name.startsWith("labwatch-ship") || name.startsWith("HttpClient")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }

    /** A log written while nothing shipped, then one shipper until the server holds all of it. */
    private static void catchUp(BenchContainer server, ShipToken token, Path expt, int lines) throws Exception {
        Path logs = Files.createDirectories(expt.resolve("monitoring/logs"));
        Path log = logs.resolve("catchup_20250101_120000.log");
        long bytes = writeLog(log, lines);
        Path copy = server.home
                .getParent()
                .resolve("data/remote")
                .resolve(SOURCE)
                .resolve("catchup/monitoring/logs")
                .resolve(log.getFileName());
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        long t0 = System.nanoTime();
        try (Shipper shipper = Shipper.start(
                ShipServer.of(server.base(), token, null, null), Shipper.Settings.defaults(), quiet, null)) {
            shipper.follow(expt.resolve("monitoring"), "catchup");
            if (!shipper.awaitCaughtUp(Duration.ofMinutes(10))) {
                throw new IllegalStateException("the shipper did not catch up within 10 minutes");
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        BenchContainer.check(
                Files.size(copy) == bytes, "the server's copy has " + Files.size(copy) + " of " + bytes + " bytes");
        System.out.printf(
                Locale.ROOT,
                "catch-up of %.1f MB, %d lines: %.1f s, %.1f MB/s, %.0f lines/s%n",
                bytes / 1e6,
                lines,
                s,
                bytes / 1e6 / s,
                lines / s);
    }

    /** A log of {@code lines} records of a calibration's kind (about 98 bytes each); returns its size. */
    static long writeLog(Path log, int lines) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write("2025-01-01 12:00:00,000 - INFO - measured point ");
                w.write(Integer.toString(i));
                w.write(": f=5.123456 GHz, T1=42.1 us, fit chi2=1.02\n");
            }
        }
        return Files.size(log);
    }

    /**
     * The same JMH benchmark of a kill-safe log call in three forks: without a server; shipping to a
     * server that holds every connection (the shipper is configured and polls, but moves no data:
     * what shipping adds to the call itself); and shipping every line to this server, which on a
     * small machine also measures the shipper and the server taking CPU from the logging thread.
     */
    private static void loggingCost(String server, Path tokenFile) throws Exception {
        java.net.URI uri = java.net.URI.create(server);
        try (FaultProxy held = FaultProxy.to(uri.getHost(), uri.getPort())) {
            held.mode(FaultProxy.Mode.STALL);
            String heldServer = "http://127.0.0.1:" + held.port();
            for (String shipping : new String[] {"off", "on, server holding every request", "on, every line shipped"}) {
                OptionsBuilder options = new OptionsBuilder();
                options.include(KillSafeLoggingBench.class.getName() + ".labwatch1Thread$")
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                        .measurementIterations(8)
                        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
                // Given here, these replace the benchmark's own @Fork arguments: repeated.
                List<String> args = new java.util.ArrayList<>(List.of(
                        "-Dlabwatch.core.echo=false",
                        "-Dlabwatch.core.progressConsole=off",
                        "-Dlog4j2.statusLoggerLevel=ERROR"));
                if (!shipping.equals("off")) {
                    args.add("-Dlabwatch.core.server="
                            + (shipping.startsWith("on, server holding") ? heldServer : server));
                    args.add("-Dlabwatch.core.tokenFile=" + tokenFile);
                }
                options.jvmArgsAppend(args.toArray(String[]::new));
                Options built = options.build();
                for (RunResult r : new Runner(built).run()) {
                    System.out.printf(
                            Locale.ROOT,
                            "KillSafeLoggingBench.labwatch, 1 thread, shipping %s: %.0f ± %.0f calls/s%n",
                            shipping,
                            r.getPrimaryResult().getScore(),
                            r.getPrimaryResult().getScoreError());
                }
            }
        }
    }

    static void pace(long until) {
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "lw1_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}

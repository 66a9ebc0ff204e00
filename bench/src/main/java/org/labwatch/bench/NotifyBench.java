package org.labwatch.bench;

import static org.labwatch.bench.BenchContainer.delete;
import static org.labwatch.bench.BenchContainer.ms;
import static org.labwatch.bench.BenchContainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.labwatch.testsupport.SseClient;

/**
 * Does notifying cost the dashboard anything? (docs/benchmarks.md, section "Notifications"): the
 * same server with notifications off (no channel) and on (a webhook channel to a receiver in this
 * process, for every run that completes, fails or logs an error), each under the same churn: a
 * writer rewrites the {@code runs} runs' status files, {@code churn} per second, every tenth as a
 * new run that has just completed or failed (a notification each), while the main thread measures,
 * one at a time, a status file replaced → its {@code changed} event on {@code /api/events}.
 * Usage: {@code java -cp bench/target/benchmarks.jar org.labwatch.bench.NotifyBench
 * <labwatch-server.tar.gz> [runs=10000] [updates=1000] [churn=200] [rounds=1]}; each round boots
 * the server twice, off then on.
 */
public final class NotifyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private NotifyBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NotifyBench <labwatch-server-*.tar.gz> [runs=10000] [updates=1000] [churn=200]"
                    + " [rounds=1]");
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int updates = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int churn = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        for (int round = 1; round <= rounds; round++) {
            for (boolean on : new boolean[] {false, true}) {
                System.out.printf(
                        Locale.ROOT,
                        "%n== round %d, notifications %s: %d runs, %d updates, %d status writes/s besides ==%n",
                        round,
                        on ? "ON" : "OFF",
                        runs,
                        updates,
                        churn);
                once(archive, runs, updates, churn, on);
            }
        }
    }

    private static void once(Path archive, int runs, int updates, int churn, boolean on) throws Exception {
        Path work = Files.createTempDirectory("labwatch-notifybench");
        BenchContainer container = null;
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicLong posts = new AtomicLong();
        AtomicLong endings = new AtomicLong();
        AtomicLong errorMessages = new AtomicLong();
        receiver.createContext("/hook", x -> {
            var body = JSON.readTree(x.getRequestBody().readAllBytes());
            posts.incrementAndGet();
            for (var item : body.isArray() ? body : JSON.createArrayNode().add(body)) {
                (item.path("event").asText().equals("error") ? errorMessages : endings).incrementAndGet();
            }
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = null;
        try {
            Path data = work.resolve("data");
            Path statusDir = Files.createDirectories(data.resolve("monitoring/status"));
            LocalDateTime now = LocalDateTime.now().withNano(0);
            for (int i = 0; i < runs; i++) {
                String name = String.format(Locale.ROOT, "run_%05d", i);
                Files.writeString(statusDir.resolve(name + "_status.json"), status(name, "running", now, now, 1, 0));
            }
            container = BenchContainer.unpack(archive, work.resolve("server"));
            Files.writeString(container.home.resolve("etc/org.labwatch.index.cfg"), "dataDir = " + data + "\n");
            if (on) {
                Files.writeString(
                        container.home.resolve("etc/org.labwatch.notify-bench.cfg"),
                        "type = webhook\nurl = http://127.0.0.1:"
                                + receiver.getAddress().getPort() + "/hook\nevents = completed, failed, error\n");
            }
            long start = System.nanoTime();
            container.boot();
            System.out.printf(Locale.ROOT, "boot: /api/health 200 after %d ms%n", ms(System.nanoTime() - start));
            BenchContainer boot = container;
            org.awaitility.Awaitility.await("every run listed")
                    .atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> JSON.readTree(BenchContainer.HTTP
                                            .send(
                                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                                    boot.base() + "/api/experiments?limit=1"))
                                                            .build(),
                                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                                            .body())
                                    .path("total")
                                    .asInt()
                            >= runs);
            if (on) {
                org.awaitility.Awaitility.await("the channel active")
                        .atMost(Duration.ofMinutes(1))
                        .until(() -> boot.status("/api/notify/channels") == 200
                                && BenchContainer.HTTP
                                        .send(
                                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                                boot.base() + "/api/notify/channels"))
                                                        .build(),
                                                java.net.http.HttpResponse.BodyHandlers.ofString())
                                        .body()
                                        .contains("\"status\":\"active\""));
            }

            LocalDateTime base = now.minusHours(1);
            writer = new Thread(() -> churn(statusDir, runs, churn, base, writing), "churn");
            writer.setDaemon(true);
            writer.start();
            Duration cpuBefore =
                    container.jvm().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
            long t0 = System.nanoTime();
            String target = "bench_target";
            Path targetFile = statusDir.resolve(target + "_status.json");
            long[] nanos = new long[updates];
            try (SseClient sse = SseClient.connect(container.base() + "/api/events")) {
                replace(targetFile, status(target, "running", now, LocalDateTime.now(), 1, 0));
                sse.await("added", "\"id\":\"" + target + "\"", Duration.ofSeconds(30));
                for (int i = 1; i <= updates; i++) {
                    String json = status(target, "running", now, LocalDateTime.now(), i, 0)
                            .replace("\"step " + i + "\"", "\"update u-" + i + "\"");
                    long u0 = System.nanoTime();
                    replace(targetFile, json);
                    SseClient.Event e =
                            sse.await("changed", "\"step_name\":\"update u-" + i + "\"", Duration.ofSeconds(30));
                    nanos[i - 1] = e.receivedNanos() - u0;
                }
            }
            long elapsed = System.nanoTime() - t0;
            writing.set(false);
            writer.join();
            Duration cpuAfter =
                    container.jvm().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
            report("status file replaced -> 'changed' event received", nanos);
            System.out.printf(
                    Locale.ROOT,
                    "container CPU while measured: %.1f %% of one core over %.1f s; machine load %s%n",
                    100.0 * cpuAfter.minus(cpuBefore).toNanos() / elapsed,
                    elapsed / 1e9,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            if (on) {
                long written = churned.get();
                org.awaitility.Awaitility.await("the notifications of the runs that ended")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> endings.get() >= ended.get());
                System.out.printf(
                        Locale.ROOT,
                        "notifications: %d runs ended among %d writes; received %d endings and %d error messages in"
                                + " %d POSTs%n",
                        ended.get(),
                        written,
                        endings.get(),
                        errorMessages.get(),
                        posts.get());
            }
        } finally {
            writing.set(false);
            if (writer != null) {
                writer.join();
            }
            if (container != null) {
                container.stop();
            }
            receiver.stop(0);
            churned.set(0);
            ended.set(0);
            delete(work);
        }
    }

    private static final AtomicLong churned = new AtomicLong();
    private static final AtomicLong ended = new AtomicLong();

    /** Rewrites the runs in turn at {@code perSecond}; every tenth write a new run that has just ended. */
    private static void churn(Path statusDir, int runs, int perSecond, LocalDateTime base, AtomicBoolean writing) {
        long interval = 1_000_000_000L / Math.max(1, perSecond);
        long next = System.nanoTime();
        int i = 0;
        try {
            while (writing.get()) {
                String name = String.format(Locale.ROOT, "run_%05d", i % runs);
                LocalDateTime now = LocalDateTime.now().withNano(0);
                boolean ends = i % 10 == 9;
                String state = !ends ? "running" : i % 20 == 19 ? "failed" : "completed";
                // A new run of the experiment each time it ends: each is news to the channel.
                LocalDateTime start = ends ? now.minusSeconds(i % 600 + 61) : base;
                replace(statusDir.resolve(name + "_status.json"), status(name, state, start, now, i % 10 + 1, i % 3));
                churned.incrementAndGet();
                if (ends) {
                    ended.incrementAndGet();
                }
                i++;
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String status(
            String name, String state, LocalDateTime start, LocalDateTime updated, int step, int errors)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment_name", name);
        root.put("start_time", ISO.format(start));
        root.put("last_update", ISO.format(updated));
        root.put("heartbeat", ISO.format(updated));
        root.put("current_step", step);
        root.put("total_steps", 10);
        root.put("progress_percent", Math.min(100, step * 10.0));
        root.put("status", state);
        root.put("format_version", 1);
        root.put("host", "labhost");
        root.put("message", state.equals("running") ? "step " + step : "run " + state);
        if (!state.equals("running")) {
            root.put("completed_time", ISO.format(updated));
        }
        var steps = root.putArray("steps");
        var s = steps.addObject();
        s.put("name", "step " + step);
        s.put("step_number", step);
        s.put("timestamp", ISO.format(updated));
        root.putArray("messages");
        var errs = root.putArray("errors");
        for (int e = 0; e < errors; e++) {
            var n = errs.addObject();
            n.put("timestamp", ISO.format(updated));
            n.put("message", "glitch " + e);
        }
        root.put("message_count", 0);
        root.put("error_count", errors);
        return JSON.writeValueAsString(root);
    }

    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package org.labwatch.bench;

import static org.awaitility.Awaitility.await;
import static org.labwatch.bench.BenchContainer.delete;
import static org.labwatch.bench.BenchContainer.exec;
import static org.labwatch.bench.BenchContainer.ms;
import static org.labwatch.bench.BenchContainer.report;

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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.labwatch.testsupport.SseClient;

/**
 * End-to-end numbers of the running server (docs/benchmarks.md, section "Server"): unpacks the
 * distribution archive, fills a data directory with {@code runs} status files (and a log each),
 * boots Karaf as {@code ./labwatch} would, and measures from outside, as a browser does:
 * <ul>
 * <li>{@code GET /api/experiments} (first page, default sort; and a filtered, sorted page) latency;
 * <li>status file replaced → {@code changed} event received on {@code /api/events}, one at a time;
 * <li>log line appended → {@code log} event received;
 * <li>the container JVM's heap after a full GC and its resident set, with the runs indexed.
 * </ul>
 * Not JMH: the system under test is another process. Usage:
 * {@code java -cp bench/target/benchmarks.jar org.labwatch.bench.ServerBench <labwatch-server.tar.gz> [runs] [updates] [messagesPerRun] [idleSeconds] [requests]}
 */
public final class ServerBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = BenchContainer.HTTP;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final Path home;
    private final Path data;
    private BenchContainer container;

    private ServerBench(Path home, Path data) {
        this.home = home;
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: ServerBench <labwatch-server-*.tar.gz> [runs=10000] [updates=1000] [messagesPerRun=20] [idleSeconds=20]"
                            + " [requests=1000]");
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int updates = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int messages = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        // Longer than a minute to include the directory watches' safety-net passes (one a minute each).
        int idleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        // Timed requests per list measurement (a tenth as many warm-up ones first): 100,000 runs on the
        // old code took 0.4-1 s a request, so 1,000 of each of four kinds would take half an hour.
        int requests = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        Path work = Files.createTempDirectory("labwatch-serverbench");
        ServerBench bench = new ServerBench(work.resolve("server"), work.resolve("data"));
        try {
            bench.run(archive, runs, updates, messages, idleSeconds, requests);
        } finally {
            if (bench.container != null) {
                bench.container.stop();
            }
            delete(work);
        }
    }

    private void run(Path archive, int runs, int updates, int messages, int idleSeconds, int requests)
            throws Exception {
        System.out.printf(
                Locale.ROOT,
                "archive %s, %d runs with %d messages each, %d updates%n",
                archive,
                runs,
                messages,
                updates);
        container = BenchContainer.unpack(archive, home);
        Path statusDir = Files.createDirectories(data.resolve("monitoring/status"));
        Path logsDir = Files.createDirectories(data.resolve("monitoring/logs"));
        long bytes = 0;
        LocalDateTime now = LocalDateTime.now().withNano(0);
        for (int i = 0; i < runs; i++) {
            String name = String.format(Locale.ROOT, "run_%05d", i);
            String state = i % 20 == 0 ? "running" : i % 7 == 0 ? "failed" : "completed";
            String json = status(name, state, now.minusMinutes(i), i % 10 + 1, "step " + i, messages, "first");
            Files.writeString(statusDir.resolve(name + "_status.json"), json);
            Files.writeString(
                    logsDir.resolve(name + "_20250101_120000.log"),
                    "2025-01-01 12:00:00,000 - INFO - started " + name + "\n");
            bytes += json.length();
        }
        System.out.printf(
                Locale.ROOT,
                "status files: %d, %.1f MB in all, %.1f KB each%n",
                runs,
                bytes / 1e6,
                runs == 0 ? 0.0 : bytes / 1e3 / runs);
        Files.writeString(home.resolve("etc/org.labwatch.index.cfg"), "dataDir = " + data + "\n");

        long start = System.nanoTime();
        container.boot();
        long healthy = System.nanoTime();
        JsonNode first = awaitTotal(runs, start, Duration.ofMinutes(10));
        System.out.printf(
                Locale.ROOT,
                "boot: /api/health 200 after %d ms; /api/experiments total=%d after %d ms%n",
                ms(healthy - start),
                first.get("total").asInt(),
                ms(System.nanoTime() - start));
        residentSet("list complete, before any forced GC");
        memory("after indexing");
        idleCpu(Duration.ofSeconds(idleSeconds));

        if (runs > 0) {
            int warmup = Math.max(10, requests / 10);
            listLatency("/api/experiments", warmup, requests);
            listLatency(
                    "/api/experiments?state=completed&sort=name&offset=" + runs / 2 + "&limit=100", warmup, requests);
            listLatency("/api/experiments?q=run_0999", warmup, requests);
            listLatency("/api/experiments/run_00020", warmup, requests);
        }
        String target = "bench_target";
        Path targetFile = statusDir.resolve(target + "_status.json");
        Path targetLog = logsDir.resolve(target + "_20250101_120000.log");
        try (SseClient events = SseClient.connect(container.base() + "/api/events")) {
            Files.writeString(targetLog, "2025-01-01 12:00:00,000 - INFO - start\n");
            replace(targetFile, status(target, "running", now, 1, "warming up", messages, "u-0"));
            events.await("added", "\"id\":\"" + target + "\"", Duration.ofSeconds(30));
            statusEvents(events, targetFile, target, now, updates, messages);
            logEvents(events, targetLog, updates);
        }
        residentSet("after the measurements, before any forced GC");
        memory("after the measurements");
    }

    // ---- measurements ----

    private void listLatency(String path, int warmup, int count) throws Exception {
        container.timeGets("", path, warmup, count);
    }

    private void statusEvents(SseClient events, Path file, String id, LocalDateTime now, int updates, int messages)
            throws Exception {
        long[] nanos = new long[updates];
        for (int i = 1; i <= updates; i++) {
            String marker = "u-" + i;
            String json = status(id, "running", now, i % 10 + 1, "update " + marker, messages, marker);
            long t0 = System.nanoTime();
            replace(file, json);
            SseClient.Event e =
                    events.await("changed", "\"step_name\":\"update " + marker + "\"", Duration.ofSeconds(30));
            nanos[i - 1] = e.receivedNanos() - t0;
        }
        report("status file replaced -> 'changed' event received", nanos);
    }

    private void logEvents(SseClient events, Path log, int lines) throws Exception {
        long[] nanos = new long[lines];
        for (int i = 1; i <= lines; i++) {
            String message = "log line " + i + " of the benchmark";
            long t0 = System.nanoTime();
            Files.writeString(log, "2025-01-01 12:00:01,000 - INFO - " + message + "\n", StandardOpenOption.APPEND);
            SseClient.Event e = events.await("log", message + "\"", Duration.ofSeconds(30));
            nanos[i - 1] = e.receivedNanos() - t0;
        }
        report("log line appended -> 'log' event received", nanos);
    }

    /** CPU the container uses while nothing changes: the directory watches' rescans, timers, keep-alives. */
    private void idleCpu(Duration window) throws Exception {
        Optional<ProcessHandle> jvm = container.jvm();
        if (jvm.isEmpty()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String pid = Long.toString(jvm.get().pid());
        Map<String, Double> threadsBefore = threadCpu(exec(jcmd.toString(), pid, "Thread.print"));
        Duration before = jvm.get().info().totalCpuDuration().orElse(Duration.ZERO);
        long t0 = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        Duration after = jvm.get().info().totalCpuDuration().orElse(Duration.ZERO);
        long elapsed = System.nanoTime() - t0;
        Map<String, Double> threadsAfter = threadCpu(exec(jcmd.toString(), pid, "Thread.print"));
        System.out.printf(
                Locale.ROOT,
                "idle container CPU: %.1f %% of one core over %d s; busiest threads:%n",
                100.0 * after.minus(before).toNanos() / elapsed,
                window.toSeconds());
        threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6)
                .forEach(e -> System.out.printf(
                        Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() * 1e6 / elapsed, e.getKey()));
    }

    /** Thread name (with its id, names repeat) to CPU milliseconds, from {@code jcmd Thread.print}. */
    static Map<String, Double> threadCpu(String dump) {
        Map<String, Double> out = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^\"([^\"]*)\" #(\\d+).*? cpu=([0-9.]+)ms", java.util.regex.Pattern.MULTILINE)
                .matcher(dump);
        while (m.find()) {
            out.put(m.group(1) + " #" + m.group(2), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    private void memory(String when) throws Exception {
        Optional<ProcessHandle> jvm = container.jvm();
        if (jvm.isEmpty()) {
            System.out.println("memory " + when + ": container JVM not found");
            return;
        }
        long pid = jvm.get().pid();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        exec(jcmd.toString(), Long.toString(pid), "GC.run");
        String heap = exec(jcmd.toString(), Long.toString(pid), "GC.heap_info");
        String used = heap.lines()
                .filter(l -> l.contains(" used "))
                .findFirst()
                .orElse(heap)
                .trim();
        String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                .map(String::trim)
                .reduce((a, b) -> a + ", " + b)
                .orElse("?");
        String flags = exec(jcmd.toString(), Long.toString(pid), "VM.flags")
                .lines()
                .filter(l -> l.contains("MaxHeapSize"))
                .findFirst()
                .orElse("")
                .trim();
        System.out.println("memory " + when + ": heap after full GC: " + used + "; " + rss);
        System.out.println("  JVM flags: "
                + java.util.Arrays.stream(flags.split(" "))
                        .filter(f -> f.startsWith("-XX:MaxHeapSize")
                                || f.matches("-XX:\\+Use\\w+GC")
                                || f.contains("Periodic")
                                || f.contains("HeapFreeRatio")
                                || f.contains("StringDedup"))
                        .reduce((a, b) -> a + " " + b)
                        .orElse("(MaxHeapSize not shown)"));
        // Where the heap goes: the largest classes after the full GC above.
        exec(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .lines()
                .skip(1)
                .limit(12)
                .forEach(l -> System.out.println("  " + l.trim()));
    }
    // ---- the container ----

    /**
     * Polls the list and {@code /api/health} until every run is listed, printing what health says
     * (its {@code indexing} part, where the server has one) every 5 s, and the slowest answer of
     * each while the server indexed: it must answer while it indexes.
     */
    private JsonNode awaitTotal(int runs, long start, Duration timeout) {
        long[] slowest = new long[2];
        long[] lastPrint = {System.nanoTime()};
        return await("all " + runs + " runs listed")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = HTTP.send(
                                    HttpRequest.newBuilder(URI.create(container.base() + "/api/experiments?limit=1"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            long t1 = System.nanoTime();
                            HttpResponse<String> h = HTTP.send(
                                    HttpRequest.newBuilder(URI.create(container.base() + "/api/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            long t2 = System.nanoTime();
                            slowest[0] = Math.max(slowest[0], t1 - t0);
                            slowest[1] = Math.max(slowest[1], t2 - t1);
                            JsonNode page = JSON.readTree(r.body());
                            boolean done = page.get("total").asInt() >= runs;
                            if (done || t2 - lastPrint[0] > 5_000_000_000L) {
                                lastPrint[0] = t2;
                                JsonNode health = JSON.readTree(h.body());
                                System.out.printf(
                                        Locale.ROOT,
                                        "  %6d ms: listed %d; health %d, indexing %s%s%n",
                                        ms(t2 - start),
                                        page.get("total").asInt(),
                                        h.statusCode(),
                                        health.path("indexing"),
                                        done
                                                ? String.format(
                                                        Locale.ROOT,
                                                        " (slowest answer while indexing: list %d ms, health %d ms)",
                                                        ms(slowest[0]),
                                                        ms(slowest[1]))
                                                : "");
                            }
                            return page;
                        },
                        page -> page.get("total").asInt() >= runs);
    }

    /** The resident set as it is, without the full GC {@link #memory} forces first. */
    private void residentSet(String when) throws IOException {
        Optional<ProcessHandle> jvm = container.jvm();
        if (jvm.isPresent()) {
            String rss = Files.readAllLines(Path.of("/proc/" + jvm.get().pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                    .map(String::trim)
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("?");
            System.out.println("resident set " + when + ": " + rss);
        }
    }

    // ---- files ----

    /** A status file as labwatch writes it: the seed's fields plus heartbeat and {@code messages} recent messages. */
    static String status(
            String name, String state, LocalDateTime updated, int step, String stepMessage, int messages, String marker)
            throws IOException {
        var root = JSON.createObjectNode();
        root.put("experiment_name", name);
        root.put("start_time", ISO.format(updated.minusHours(1)));
        root.put("last_update", ISO.format(updated));
        root.put("heartbeat", ISO.format(updated));
        root.put("current_step", step);
        root.put("total_steps", 10);
        root.put("progress_percent", step * 10.0);
        root.put("status", state);
        root.put("format_version", 1);
        root.put("host", "labhost");
        root.put("pid", 4242);
        var steps = root.putArray("steps");
        for (int s = 1; s <= step; s++) {
            var n = steps.addObject();
            n.put("name", s == step ? stepMessage : "Step " + s);
            n.put("step_number", s);
            n.put("timestamp", ISO.format(updated.minusMinutes(10 - s)));
            n.put("message", "done");
        }
        var msgs = root.putArray("messages");
        for (int m = 0; m < messages; m++) {
            var n = msgs.addObject();
            n.put("timestamp", ISO.format(updated.minusSeconds(messages - m)));
            n.put("level", m % 10 == 9 ? "warning" : "info");
            n.put("message", "measured point " + m + " of " + marker + ": f=5.123456 GHz, T1=42.1 us");
        }
        root.putArray("errors");
        root.put("message_count", messages);
        root.put("error_count", 0);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package org.labwatch.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The assembled distribution unpacked into a directory and booted as {@code ./labwatch} boots it,
 * on a free port, for benchmarks that measure the server from outside; and the small helpers
 * those benchmarks share (percentiles, processes, files).
 */
final class BenchContainer {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;
    final int port;
    private Process karaf;

    private BenchContainer(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    static BenchContainer unpack(Path archive, Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        exec("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", home.toString(), "--strip-components=1");
        return new BenchContainer(home, freePort());
    }

    /** Starts {@code bin/karaf server} and waits until {@code /api/health} and {@code /api/experiments} answer. */
    void boot() throws Exception {
        ProcessBuilder b = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                // Named after the home: two nodes unpacked side by side do not share one file.
                .redirectOutput(
                        home.resolveSibling(home.getFileName() + "-console.log").toFile());
        Map<String, String> env = b.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("ORG_OPS4J_PAX_WEB_ORG_OSGI_SERVICE_HTTP_PORT", Integer.toString(port));
        env.put("ORG_APACHE_KARAF_SHELL_SSHPORT", Integer.toString(freePort()));
        karaf = b.start();
        Path log = home.resolve("data/log/karaf.log");
        await("the server to answer /api/health and /api/experiments (see " + log + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    check(karaf.isAlive(), "the server exited; see " + log);
                    return status("/api/health") == 200 && status("/api/experiments?limit=1") == 200;
                });
    }

    /** The container's JVM (bin/karaf is a script that starts it). */
    Optional<ProcessHandle> jvm() {
        return karaf == null
                ? Optional.empty()
                : karaf.descendants()
                        .filter(p ->
                                p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                        .findFirst();
    }

    void stop() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = karaf.descendants().toList();
        all.forEach(ProcessHandle::destroy);
        karaf.destroy();
        for (ProcessHandle p : all) {
            p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
            p.destroyForcibly();
        }
        karaf.waitFor(5, TimeUnit.SECONDS);
    }

    int status(String path) {
        try {
            HttpResponse<InputStream> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * {@code GET path}, one request at a time: {@code warmup} untimed, then {@code count} timed,
     * each checked to answer 200; prints the percentiles and returns the times.
     */
    long[] timeGets(String what, String path, int warmup, int count) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .build();
        long size = 0;
        for (int i = 0; i < warmup; i++) {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            check(r.statusCode() == 200, path + " answered " + r.statusCode());
            size = r.body().length;
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - t0;
            check(r.statusCode() == 200, path + " answered " + r.statusCode());
        }
        report(what + "GET " + path + " (" + size + " bytes)", nanos);
        return nanos;
    }

    // ---- shared helpers ----

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n",
                what,
                sorted.length,
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check(p.waitFor() == 0, String.join(" ", command) + " failed: " + out);
        return out;
    }

    static void delete(Path root) throws IOException {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

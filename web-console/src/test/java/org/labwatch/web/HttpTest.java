package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.Subscription;

/** Over real HTTP: headers on every answer, raw-path traversal, 304, and SSE fed by the real status watch. */
class HttpTest {

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("autocalibration", Fixture.seedExample());
        Files.createDirectories(data.resolve("monitoring/plots"));
        Files.write(data.resolve("monitoring/plots/p.svg"), SvgPlots.svg("p"));
        try (EventHub hub = new EventHub(Json.MAPPER, f.clock, 10, Fixture.SUMMARIES);
             JdkHttpServer server = new JdkHttpServer(f.api, hub)) {
            String base = server.base();
            for (String path : List.of("/", "/index.html", "/app.js", "/app.css", "/nope", "/api/experiments",
                    "/api/experiments/autocalibration", "/api/experiments/autocalibration/plots",
                    "/api/experiments/x%2F..%2F..", "/api/experiments/autocalibration/plots/p.svg")) {
                HttpResponse<String> r = get(base + path);
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
                String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("default-src 'none'") || csp.equals(Reply.PAGE_CSP), path + ": " + csp);
            }
            HttpResponse<String> page = get(base + "/");
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("text/javascript; charset=utf-8", get(base + "/app.js").headers().firstValue("Content-Type").orElseThrow());
            assertEquals(404, get(base + "/nope").statusCode());
            assertEquals(404, get(base + "/dashboard/app.js").statusCode());

            HttpResponse<String> svg = get(base + "/api/experiments/autocalibration/plots/p.svg");
            assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(Reply.SVG_CSP, svg.headers().firstValue("Content-Security-Policy").orElseThrow());

            HttpResponse<String> list = get(base + "/api/experiments");
            String etag = list.headers().firstValue("ETag").orElseThrow();
            assertEquals(304, get(base + "/api/experiments", "If-None-Match", etag).statusCode());
            assertEquals(304, get(base + "/app.js", "If-None-Match",
                    get(base + "/app.js").headers().firstValue("ETag").orElseThrow()).statusCode());

            for (String bad : List.of("/api/experiments/autocalibration/plots/%2e%2e%2fstatus%2fautocalibration_status.json",
                    "/api/experiments/autocalibration/plots/..%5c..%5cstatus", "/api/experiments/%2e%2e")) {
                HttpResponse<String> r = get(base + bad);
                assertEquals(400, r.statusCode(), bad);
                assertTrue(r.body().startsWith("{\"error\":"), r.body());
            }
        }
    }

    @Test
    void aStatusUpdateArrivesAsAnEventWithinASecond() throws Exception {
        Fixture f = new Fixture(data, java.util.Map.of());
        Files.createDirectories(f.statusDir);
        try (EventHub hub = new EventHub(Json.MAPPER, f.clock, 100, Fixture.SUMMARIES);
             Subscription watch = f.store.watch(f.index.statusDirectories(), hub::statusChanged);
             JdkHttpServer server = new JdkHttpServer(f.api, hub)) {
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElseThrow());
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertEquals("retry: 3000", lines.poll(5, TimeUnit.SECONDS));

            long start = System.nanoTime();
            f.writeStatus("autocalibration", Fixture.seedExample());
            String id = awaitLine(lines, "id: ");
            assertEquals("event: added", lines.poll(5, TimeUnit.SECONDS));
            String dataLine = lines.poll(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(dataLine.startsWith("data: {\"id\":\"autocalibration\""), dataLine);
            // The target is 1 s, measured against the distribution; 2 s here keeps a loaded CI machine green.
            assertTrue(millis < 2000, "event after " + millis + " ms");

            f.writeStatus("autocalibration", Fixture.seedExample().replace("\"running\"", "\"completed\""));
            awaitLine(lines, "event: changed");
            assertTrue(lines.poll(5, TimeUnit.SECONDS).contains("\"state\":\"completed\""));

            // Resume: a client that saw the first event gets the second one replayed.
            HttpResponse<String> resumed = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/events"))
                    .header("Last-Event-ID", id.substring(4)).build(), info -> {
                        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), in -> {
                            try {
                                byte[] buf = new byte[8192];
                                StringBuilder sb = new StringBuilder();
                                while (!sb.toString().contains("event: changed")) {
                                    int n = in.read(buf);
                                    if (n < 0) {
                                        break;
                                    }
                                    sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                                }
                                in.close();
                                return sb.toString();
                            } catch (java.io.IOException e) {
                                return e.toString();
                            }
                        });
                    });
            assertTrue(resumed.body().contains("event: changed"), resumed.body());
            assertFalse(resumed.body().contains("event: added"), resumed.body());
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}

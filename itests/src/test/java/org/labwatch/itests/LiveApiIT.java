package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.SseClient;

/**
 * The HTTP and SSE API of one running distribution, from outside as a browser or curl sees it:
 * files dropped into watched directories, events, resume, traversal, escaping, unreadable files,
 * conditional GETs, and a configuration edit while it serves. The last test edits the config.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveApiIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration EVENT = Duration.ofSeconds(5);
    private static final String SECRET = "TOP-SECRET-outside-the-data-directory";
    private static final String XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static Path statusDir;
    static Path logsDir;
    static Path plotsDir;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("lab data");
        statusDir = Files.createDirectories(dataDir.resolve("monitoring/status"));
        logsDir = Files.createDirectories(dataDir.resolve("monitoring/logs"));
        plotsDir = Files.createDirectories(dataDir.resolve("monitoring/plots"));
        Files.writeString(dataDir.resolve("monitoring/secret.txt"), SECRET);
        Files.writeString(dataDir.resolve("secret.txt"), SECRET);
        Files.writeString(dataDir.resolve("monitoring/secret_status.json"), seed().replace("autocalibration", SECRET));
        server.startOn(dataDir, BOOT, "/api/experiments", "/api/events", "/");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            server.keepForReview("live-api-it", dataDir);
        }
    }

    static String seed() throws IOException {
        return Files.readString(Path.of("../web-console/src/test/resources/seed_example_status.json"));
    }

    private static SseClient events() throws IOException, InterruptedException {
        return SseClient.to(base() + "/api/events").via(HTTP).connect();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort;
    }

    private static HttpResponse<String> get(String rawPath, String... headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base() + rawPath)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String rawPath) throws Exception {
        HttpResponse<String> r = get(rawPath);
        assertEquals(200, r.statusCode(), rawPath + ": " + r.body());
        assertEquals(
                "application/json",
                r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim(),
                rawPath);
        return JSON.readTree(r.body());
    }

    private static JsonNode summaryOf(String id) throws Exception {
        for (JsonNode s : json("/api/experiments?limit=1000").get("experiments")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Atomic replace, as labwatch and careful writers do. */
    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    @Order(1)
    void theSeedsExampleAppearsInTheListAndAsAnEventAndItsUpdatesAndLogLinesArriveLive() throws Exception {
        String seed = seed();
        try (SseClient events = events()) {
            assertEquals(
                    "text/event-stream",
                    events.response()
                            .headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .split(";")[0]);
            Files.writeString(statusDir.resolve("autocalibration_status.json"), seed);
            SseClient.Event added = events.await("added", "\"id\":\"autocalibration\"", EVENT);
            JsonNode s = JSON.readTree(added.data());
            assertEquals(50.0, s.get("percent").asDouble());
            JsonNode listed = Conditions.await(
                    "autocalibration in /api/experiments",
                    EVENT,
                    () -> {
                        try {
                            return summaryOf("autocalibration");
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    () -> "");
            assertEquals("autocalibration", listed.get("name").asText());
            assertEquals(5, listed.get("current_step").asInt());
            assertEquals(10, listed.get("total_steps").asInt());
            JsonNode full = json("/api/experiments/autocalibration");
            assertTrue(full.toString().contains("Starting resonator spectroscopy..."), full.toString());

            // Every update is an event within 1 s of the file being replaced.
            List<Long> millis = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String marker = "update number " + i;
                long start = System.nanoTime();
                replace(
                        statusDir.resolve("autocalibration_status.json"),
                        seed.replace("\"current_step\": 5", "\"current_step\": " + (i % 10))
                                .replace("Finding readout frequency...", marker)
                                .replace(
                                        "\"last_update\": \"2025-01-01T12:30:00\"",
                                        "\"last_update\": \"2025-01-01T12:30:" + String.format("%02d", i) + "\""));
                SseClient.Event changed = events.await("changed", "\"id\":\"autocalibration\"", EVENT);
                millis.add((changed.receivedNanos() - start) / 1_000_000);
                assertTrue(changed.data().contains("\"current_step\":" + (i % 10)), changed.data());
            }
            System.out.println("LiveApiIT: status replace -> 'changed' event, ms: " + millis);
            // A first boot delivers the features' cfg files after their bundles started; that must
            // not reset open pages (it did: the status store was re-activated and every run re-added).
            assertFalse(events.kinds().contains("reset"), "events since boot: " + events.kinds());
            assertTrue(millis.stream().allMatch(m -> m < 1000), "an event later than 1 s: " + millis);

            // A new log line is a 'log' event with the record, continuing where the log ended.
            Path log = logsDir.resolve("autocalibration_20250101_120000.log");
            Files.writeString(log, "2025-01-01 12:00:00,000 - INFO - first\n");
            SseClient.Event firstLog = events.await("log", "\"id\":\"autocalibration\"", EVENT);
            long start = System.nanoTime();
            long end = Files.size(log);
            Files.writeString(log, "2025-01-01 12:00:01,000 - WARNING - " + XSS + "\n", StandardOpenOption.APPEND);
            SseClient.Event logEvent = events.await("log", "\"from\":" + end, EVENT);
            System.out.println("LiveApiIT: log append -> 'log' event in "
                    + (logEvent.receivedNanos() - start) / 1_000_000 + " ms");
            JsonNode l = JSON.readTree(logEvent.data());
            assertEquals("autocalibration", l.get("id").asText());
            assertEquals(log.getFileName().toString(), l.get("file").asText());
            assertEquals(Files.size(log), l.get("next_offset").asLong());
            assertEquals(
                    XSS, l.get("entries").get(0).get("message").asText(), "the message comes back as a JSON string");
            assertEquals("warning", l.get("entries").get(0).get("level").asText());

            // Resume from the first log event: what came after it is replayed, it is not.
            try (SseClient resumed = SseClient.to(base() + "/api/events")
                    .lastEventId(firstLog.id())
                    .via(HTTP)
                    .connect()) {
                SseClient.Event again =
                        resumed.await("replayed log event", EVENT, e -> e.kind().equals("log"));
                assertEquals(logEvent.id(), again.id());
                assertEquals(logEvent.data(), again.data());
            }
            // An id from before anything kept asks the client to reload everything.
            try (SseClient tooOld = SseClient.to(base() + "/api/events")
                    .lastEventId("1")
                    .via(HTTP)
                    .connect()) {
                tooOld.await("reset", EVENT, e -> e.kind().equals("reset"));
            }
        }
    }

    @Test
    @Order(2)
    void traversalAndLinksOutOfTheirDirectoriesAreRefusedNeverServed() throws Exception {
        Files.writeString(statusDir.resolve("seed_status.json"), seed().replace("\"autocalibration\"", "\"seed\""));
        Path png = Files.write(
                plotsDir.resolve("ok.png"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0});
        Path outsidePng = Files.write(
                work.resolve("outside.png"), ("\u0089PNG\r\n\u001a\n" + SECRET).getBytes(StandardCharsets.ISO_8859_1));
        Files.createSymbolicLink(plotsDir.resolve("link.png"), outsidePng);
        Files.writeString(statusDir.resolve("evil_status.json"), seed().replace("\"autocalibration\"", "\"evil\""));
        Files.createSymbolicLink(logsDir.resolve("evil_20250101_120000.log"), dataDir.resolve("secret.txt"));
        Conditions.await(
                "seed and evil listed",
                EVENT,
                () -> {
                    try {
                        return summaryOf("seed") != null && summaryOf("evil") != null ? true : null;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                () -> "");
        assertEquals(
                200,
                get("/api/experiments/seed/plots/" + png.getFileName()).statusCode(),
                "the control case is served");

        Map<String, Integer> answers = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/experiments/..%2fsecret",
                "/api/experiments/%2e%2e%2fsecret",
                "/api/experiments/%2e%2e/secret",
                "/api/experiments/../secret_status.json",
                "/api/experiments/..",
                "/api/experiments/%2e%2e",
                "/api/experiments/seed/..%2f..%2fsecret.txt",
                "/api/experiments/seed%2f..%2f..%2fsecret",
                "/api/experiments/seed/plots/..%2f..%2fsecret.txt",
                "/api/experiments/seed/plots/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/api/experiments/seed/plots/..%5c..%5csecret.txt",
                "/api/experiments/seed/plots/%252e%252e%252fsecret.txt",
                "/api/experiments/seed/plots/..%00.png",
                "/api/experiments/seed/plots/%2e%2e",
                "/api/experiments/seed/plots/link.png",
                "/api/experiments/evil/log.txt",
                "/api/experiments/evil/log?tail=5",
                "/..%2fsecret.txt",
                "/%2e%2e/%2e%2e/secret.txt",
                "/app.js/..%2f..%2fsecret.txt",
                "/%2e%2e%2fsecret.txt")) {
            HttpResponse<String> r = get(path);
            answers.put(path, r.statusCode());
            assertFalse(r.body().contains(SECRET), path + " served the file outside: " + r.body());
            assertTrue(
                    r.statusCode() == 400 || r.statusCode() == 404,
                    path + " answered " + r.statusCode() + ": " + r.body());
        }
        System.out.println("LiveApiIT: traversal answers " + answers);
    }

    @Test
    @Order(3)
    void aScriptInEveryUserFieldComesBackAsJsonStringsAndThePageRunsNoInlineScript() throws Exception {
        String x = JSON.writeValueAsString(XSS);
        String status = "{\"experiment_name\": " + x + ", \"start_time\": \"2025-01-01T12:00:00\","
                + " \"last_update\": \"2025-01-01T12:30:00\", \"current_step\": 1, \"total_steps\": 2,"
                + " \"progress_percent\": 50.0, \"status\": \"failed\", \"message\": " + x + ", \"host\": " + x + ","
                + " \"steps\": [{\"name\": " + x
                + ", \"step_number\": 1, \"timestamp\": \"2025-01-01T12:05:00\", \"message\": " + x + "}],"
                + " \"messages\": [{\"timestamp\": \"2025-01-01T12:05:00\", \"level\": \"error\", \"message\": " + x
                + "}],"
                + " \"errors\": [{\"timestamp\": \"2025-01-01T12:06:00\", \"message\": " + x + ", \"traceback\": " + x
                + "}],"
                + " \"progress_bars\": [{\"id\": \"b\", \"description\": " + x
                + ", \"n\": 1, \"total\": 2, \"message\": " + x + "}],"
                + " \"plots\": [{\"name\": " + x + ", \"file\": " + x + ", \"timestamp\": \"2025-01-01T12:07:00\"}]}";
        try (SseClient events = events()) {
            Files.writeString(statusDir.resolve("xss_status.json"), status);
            SseClient.Event added = events.await("added", "\"id\":\"xss\"", EVENT);
            assertEquals(XSS, JSON.readTree(added.data()).get("name").asText());
        }
        HttpResponse<String> r = get("/api/experiments/xss");
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/json",
                r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        JsonNode full = JSON.readTree(r.body());
        List<String> strings = new ArrayList<>();
        collectStrings(full, strings);
        long payloads = strings.stream().filter(XSS::equals).count();
        // name, message, host, step name and message, message, error message and traceback, bar description and
        // message, plot name and file
        assertTrue(
                payloads >= 12, "every user field round-trips as a JSON string, found " + payloads + " in " + r.body());
        assertEquals(XSS, summaryOf("xss").get("name").asText());

        HttpResponse<String> page = get("/");
        assertEquals(
                "text/html",
                page.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .split(";")[0]
                        .trim());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String scriptSrc = csp.replaceAll(".*script-src([^;]*).*", "$1");
        assertFalse(scriptSrc.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("script-src 'self'") || csp.contains("default-src 'self'"), csp);
        assertEquals(
                "nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        String[] scripts = page.body().split("<script");
        assertTrue(scripts.length > 1, "the page loads its script");
        for (int i = 1; i < scripts.length; i++) {
            String tag = scripts[i].substring(0, scripts[i].indexOf('>') + 1);
            String body = scripts[i].substring(tag.length(), scripts[i].indexOf("</script>"));
            assertTrue(tag.contains(" src=") && body.isBlank(), "inline script in the page: <script" + scripts[i]);
        }
        assertFalse(page.body().matches("(?is).*\\son[a-z]+\\s*=.*"), "an inline event handler in the page");
    }

    private static void collectStrings(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(c -> collectStrings(c, out));
    }

    @Test
    @Order(4)
    void unreadableFilesAreListedWithTheirReason() throws Exception {
        String seed = seed();
        Files.writeString(statusDir.resolve("garbage_status.json"), "this is {not json");
        byte[] latin1 =
                seed.replace("Finding readout frequency...", "Fr\u00e9quence").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(statusDir.resolve("latin1_status.json"), latin1);
        Files.writeString(statusDir.resolve("truncated_status.json"), seed.substring(0, seed.length() / 2));
        Files.write(statusDir.resolve("empty_status.json"), new byte[0]);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String id : List.of("garbage", "latin1", "truncated", "empty")) {
            // A new file that reads bad is shown once it has stayed so for unreadableAfterMs (5 s):
            // until then it may be a writer's first in-place write, caught mid-way.
            JsonNode s = Conditions.await(
                    id + " listed",
                    EVENT.plusSeconds(5),
                    () -> {
                        try {
                            return summaryOf(id);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    () -> "");
            assertEquals("unreadable", s.get("state").asText(), s.toString());
            String problem = s.get("problem").asText("");
            assertFalse(problem.isBlank(), s.toString());
            reasons.put(id, problem);
            assertEquals(200, get("/api/experiments/" + id).statusCode(), "an unreadable experiment still has a page");
        }
        System.out.println("LiveApiIT: unreadable reasons " + reasons);
        assertTrue(reasons.get("latin1").toLowerCase().contains("utf-8"), reasons.get("latin1"));
        assertTrue(json("/api/experiments?state=unreadable&limit=1000")
                        .get("total")
                        .asInt()
                >= 4);
    }

    @Test
    @Order(5)
    void unchangedReadsAnswer304() throws Exception {
        for (String path : List.of(
                "/api/experiments",
                "/api/experiments/seed",
                "/api/experiments/seed/plots",
                "/api/experiments/seed/plots/ok.png",
                "/api/experiments/seed/status.json",
                "/app.js")) {
            HttpResponse<String> first = get(path);
            assertEquals(200, first.statusCode(), path);
            String etag =
                    first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError(path + " has no ETag"));
            HttpResponse<String> again = get(path, "If-None-Match", etag);
            assertEquals(304, again.statusCode(), path);
            assertEquals("", again.body());
            assertEquals(200, get(path, "If-None-Match", "\"something-else\"").statusCode(), path);
        }
    }

    @Test
    @Order(6)
    void editingTheConfigWhileServingKeepsEveryEndpointUpAndPicksUpTheNewDirectory() throws Exception {
        Path notebook = Files.createDirectories(work.resolve("notebook/monitoring/status"));
        Files.writeString(
                notebook.resolve("notebook_run_status.json"),
                seed().replace("\"autocalibration\"", "\"notebook_run\""));
        assertTrue(summaryOf("notebook_run") == null);
        List<String> paths = List.of(
                "/api/experiments", "/api/experiments/seed", "/api/experiments/seed/log?tail=5", "/", "/api/health");
        Map<String, Long> longestDown = new LinkedHashMap<>();
        Map<String, String> lastBad = new LinkedHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Files.writeString(logsDir.resolve("seed_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - hello\n");
        Thread poller = new Thread(
                () -> {
                    Map<String, Long> downSince = new LinkedHashMap<>();
                    while (polling.get()) {
                        for (String path : paths) {
                            HttpResponse<String> r = Conditions.get(server.httpPort, path);
                            long now = System.nanoTime();
                            if (r != null && r.statusCode() == 200) {
                                Long since = downSince.remove(path);
                                if (since != null) {
                                    longestDown.merge(path, (now - since) / 1_000_000, Math::max);
                                }
                            } else {
                                downSince.putIfAbsent(path, now);
                                lastBad.put(path, Conditions.describe(r));
                            }
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    }
                    long now = System.nanoTime();
                    downSince.forEach((p, since) -> longestDown.merge(p, (now - since) / 1_000_000, Math::max));
                },
                "config-edit-poller");
        poller.start();
        try (SseClient events = events()) {
            Path cfg = server.home.resolve("etc/org.labwatch.index.cfg");
            Files.writeString(cfg, Files.readString(cfg) + "statusDirs = " + notebook + "\n");
            JsonNode found = Conditions.await(
                    "notebook_run in /api/experiments after the cfg edit",
                    Duration.ofSeconds(20),
                    () -> {
                        try {
                            return summaryOf("notebook_run");
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    server::tailOfLog);
            assertEquals("notebook_run", found.get("name").asText());
            events.await("added", "\"id\":\"notebook_run\"", EVENT);
            List<String> dirs = new ArrayList<>();
            json("/api/experiments").get("status_directories").forEach(d -> dirs.add(d.asText()));
            assertTrue(dirs.contains(notebook.toString()), dirs.toString());
            // And the new directory is watched, not just listed.
            replace(
                    notebook.resolve("notebook_run_status.json"),
                    seed().replace("\"autocalibration\"", "\"notebook_run\"").replace("\"running\"", "\"completed\""));
            events.await("changed", "\"state\":\"completed\"", EVENT);
        } finally {
            polling.set(false);
            poller.join(10_000);
        }
        System.out.println("LiveApiIT: longest non-200 window per endpoint during the cfg edit (ms): " + longestDown
                + (lastBad.isEmpty() ? "" : " last bad answers " + lastBad));
        // The page polls every 5 s when events fail: no endpoint may be gone longer than that.
        longestDown.forEach((p, ms) -> assertTrue(ms < 5000, p + " was not 200 for " + ms + " ms: " + lastBad.get(p)));
    }
}

package org.labwatch.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.SseClient;

/**
 * Python programs writing into the data directory of a running distribution, watched over
 * {@code /api/events}: a run through the Python client (clients/python) shows live and completes;
 * a status rewritten in place 200 times a second by the seed's naive {@code json.dump} into the
 * open file never shows as unreadable, and ends readable. python3 comes from the PATH; without it
 * the tests fail saying so (CI installs it).
 */
class PythonLiveIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration EVENT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The status store's default: a bad reading is the file's own once it stayed bad this long. */
    private static final Duration UNREADABLE_AFTER = Duration.ofMillis(5000);

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("lab data");
        Files.createDirectories(dataDir.resolve("monitoring/status"));
        server.startOn(dataDir, BOOT, "/api/experiments", "/api/events");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            server.keepForReview("python-live-it", dataDir);
        }
    }

    @Test
    void aRunOfThePythonClientShowsLiveWithRisingProgressAndCompletes() throws Exception {
        int steps = 10;
        try (SseClient events = events()) {
            Process python = python("live_run.py", dataDir.toString(), "python_live", Integer.toString(steps), "0.4");
            long exited = finish(python, "live_run.py", 60);
            SseClient.Event completed = events.await(
                    "python_live completed",
                    EVENT,
                    e -> e.kind().equals("changed")
                            && e.data().contains("\"id\":\"python_live\"")
                            && e.data().contains("\"state\":\"completed\""));

            List<JsonNode> running = new ArrayList<>();
            List<Long> receivedNanos = new ArrayList<>();
            for (SseClient.Event e : events.received()) {
                JsonNode s = JSON.readTree(e.data());
                if ((e.kind().equals("added") || e.kind().equals("changed"))
                        && "python_live".equals(s.path("id").asText())
                        && "running".equals(s.path("state").asText())) {
                    running.add(s);
                    receivedNanos.add(e.receivedNanos());
                }
            }
            List<Double> percents =
                    running.stream().map(s -> s.path("percent").asDouble()).toList();
            System.out.println("PythonLiveIT: percent of the running run's events: " + percents);
            assertTrue(!running.isEmpty() && receivedNanos.get(0) < exited, "no event while the run was running");
            for (int i = 1; i < percents.size(); i++) {
                assertTrue(percents.get(i) >= percents.get(i - 1), "progress went back: " + percents);
            }
            long distinct = percents.stream().distinct().count();
            assertTrue(distinct >= steps / 2, "too few progress updates seen live: " + percents);
            JsonNode end = JSON.readTree(completed.data());
            assertEquals(100.0, end.path("percent").asDouble(), end.toString());
            assertEquals(steps, end.path("current_step").asInt(), end.toString());
            JsonNode summary = summaryOf("python_live");
            assertEquals("completed", summary.path("state").asText(), summary.toString());
            assertEquals("Done", summary.path("message").asText(), summary.toString());
        }
    }

    @Test
    void aStatusRewrittenInPlace200TimesASecondNeverShowsUnreadableOverEventsAndEndsReadable() throws Exception {
        Path status = dataDir.resolve("monitoring/status/naive_status.json");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger rawReads = new AtomicInteger();
        AtomicInteger rawFailures = new AtomicInteger();
        // A plain reader beside the server's: proof the writer is caught mid-write at all.
        Thread reader = new Thread(
                () -> {
                    while (writing.get()) {
                        try {
                            byte[] bytes = Files.readAllBytes(status);
                            rawReads.incrementAndGet();
                            JSON.readTree(bytes);
                        } catch (java.nio.file.NoSuchFileException notYet) {
                            rawReads.decrementAndGet();
                        } catch (IOException midWrite) {
                            rawFailures.incrementAndGet();
                        }
                        LockSupport.parkNanos(200_000); // not a spin: the writer and the server need the CPU
                    }
                },
                "raw-status-reader");
        try (SseClient events = events()) {
            reader.start();
            Process python;
            long exited;
            try {
                python = python("naive_inplace_writer.py", status.toString(), "200", "10");
                exited = finish(python, "naive_inplace_writer.py", 60);
            } finally {
                writing.set(false);
                reader.join(10_000);
            }
            events.await(
                    "naive completed",
                    EVENT,
                    e -> e.kind().equals("changed")
                            && e.data().contains("\"id\":\"naive\"")
                            && e.data().contains("\"state\":\"completed\""));
            // A last bad reading would be told once the file stayed bad for the window: wait it out.
            try {
                await("no unreadable event for the naive run")
                        .during(UNREADABLE_AFTER.plusSeconds(1))
                        .atMost(UNREADABLE_AFTER.plusSeconds(10))
                        .until(() -> unreadable(events).isEmpty());
            } catch (ConditionTimeoutException told) {
                // listed by the assertion below
            }
            List<SseClient.Event> changed = ofNaive(events).stream()
                    .filter(e -> e.kind().equals("changed"))
                    .toList();
            List<Integer> stepsSeen = new ArrayList<>();
            for (SseClient.Event e : changed) {
                stepsSeen.add(JSON.readTree(e.data()).path("current_step").asInt());
            }
            String writerSaid = Files.readString(work.resolve("naive_inplace_writer.py.out"))
                    .strip();
            System.out.println("PythonLiveIT: in-place writer: " + writerSaid + "; " + changed.size()
                    + " 'changed' events for it, none unreadable; the test's own reader failed "
                    + rawFailures.get() + " of " + rawReads.get() + " raw parses mid-write");
            assertEquals(
                    List.of(),
                    unreadable(events),
                    "events telling the naive run unreadable, of " + changed.size() + " changed; raw parses failed "
                            + rawFailures.get() + " of " + rawReads.get());
            assertTrue(rawFailures.get() > 0, "the writer was never caught mid-write: the test would prove nothing");
            assertTrue(changed.size() > 10, "too few changed events: " + changed.size());
            for (int i = 1; i < stepsSeen.size(); i++) {
                assertTrue(
                        stepsSeen.get(i) >= stepsSeen.get(i - 1), "an older reading after a newer one: " + stepsSeen);
            }
            assertTrue(
                    events.received().stream()
                            .filter(e -> e.receivedNanos() < exited)
                            .anyMatch(
                                    e -> e.kind().equals("changed") && e.data().contains("\"id\":\"naive\"")),
                    "no change told while the writer was writing");

            JsonNode summary = summaryOf("naive");
            assertEquals("completed", summary.path("state").asText(), summary.toString());
            assertTrue(
                    summary.path("problem").isNull() || summary.path("problem").isMissingNode(), summary.toString());
            assertEquals(2000, summary.path("current_step").asInt(), summary.toString());
            HttpResponse<String> full = get("/api/experiments/naive");
            assertEquals(200, full.statusCode(), full.body());
            assertTrue(full.body().contains("write 2000 of 2000"), "the last message is missing");
        }
    }

    private static List<SseClient.Event> ofNaive(SseClient events) {
        return events.received().stream()
                .filter(e -> e.data().contains("\"id\":\"naive\""))
                .toList();
    }

    /** Events for the naive run whose state or reading is unreadable. */
    private static List<String> unreadable(SseClient events) throws IOException {
        List<String> bad = new ArrayList<>();
        for (SseClient.Event e : ofNaive(events)) {
            JsonNode s = JSON.readTree(e.data());
            if ("unreadable".equals(s.path("state").asText())
                    || !(s.path("problem").isNull() || s.path("problem").isMissingNode())) {
                bad.add(e.toString());
            }
        }
        return bad;
    }

    private static Process python(String program, String... args) throws IOException, URISyntaxException {
        Path script =
                Path.of(PythonLiveIT.class.getResource("/python/" + program).toURI());
        Path client = Path.of(System.getProperty("labwatch.repo", ".."), "clients", "python")
                .toAbsolutePath()
                .normalize();
        assertTrue(Files.isRegularFile(client.resolve("persistent_monitoring.py")), "no Python client at " + client);
        List<String> command = new ArrayList<>(List.of(python3(), script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(program + ".out").toFile());
        builder.environment().put("PYTHONPATH", client.toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return builder.start();
    }

    /** Waits for a Python program to end well; returns {@link System#nanoTime()} after it ended. */
    private static long finish(Process python, String program, int seconds) throws Exception {
        if (!python.waitFor(seconds, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            fail(program + " did not finish in " + seconds + " s");
        }
        long exited = System.nanoTime();
        assertEquals(0, python.exitValue(), program + ":\n" + Files.readString(work.resolve(program + ".out")));
        return exited;
    }

    /** python3 from the PATH; its absence fails the test saying so. */
    private static String python3() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, "python3").canExecute()) {
                return new File(dir, "python3").getPath();
            }
        }
        fail("python3 is not on the PATH (" + path + "): PythonLiveIT runs Python programs against the server");
        return null;
    }

    private static SseClient events() throws IOException, InterruptedException {
        return SseClient.to(base() + "/api/events").via(HTTP).connect();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort;
    }

    private static HttpResponse<String> get(String rawPath) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + rawPath))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode summaryOf(String id) throws Exception {
        HttpResponse<String> r = get("/api/experiments?limit=1000");
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode s : JSON.readTree(r.body()).get("experiments")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError(id + " not in /api/experiments: " + r.body());
    }
}

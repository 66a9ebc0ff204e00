package org.labwatch.web.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.Subscription;
import org.labwatch.testsupport.SseClient;
import org.labwatch.web.JdkHttpServer;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.http.Json;

/** New log records as {@code log} events over real HTTP, fed by the real log directory watch. */
class LogEventsTest {

    /** Generous: events come in milliseconds, but with other builds sharing the 2 cores one once came after 5 s. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newHttpClient();
    private Fixture f;
    private Path logs;
    private EventHub hub;
    private LogFollower follower;
    private Subscription watch;
    private JdkHttpServer server;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(data);
        logs = Files.createDirectories(data.resolve("monitoring/logs"));
        f.writeStatus("autocalibration", Fixture.seedExample());
        Files.writeString(log("autocalibration"), line("12:00:00,000", "INFO", "before the server looked"));
        hub = new EventHub(Json.MAPPER, f.clock, 100, Fixture.SUMMARIES);
        follower = new LogFollower(f.index, FileLogSource::new, hub);
        // A long rescan interval: the events must come from the directory watch.
        watch = new FileLogSource(60_000).watch(List.of(logs), follower);
        server = new JdkHttpServer(f.api, hub);
    }

    @AfterEach
    void stop() {
        server.close();
        watch.close();
        hub.close();
    }

    private Path log(String name) {
        return logs.resolve(name + "_20250101_120000.log");
    }

    private static String line(String time, String level, String message) {
        return "2025-01-01 " + time + " - " + level + " - " + message + "\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private SseClient events(String lastEventId) throws Exception {
        return SseClient.to(server.base() + "/api/events")
                .lastEventId(lastEventId)
                .via(client)
                .connect();
    }

    @Test
    void newRecordsArriveAsEventsThatContinueEachOtherAndMatchTheAfterAnswer() throws Exception {
        Path file = log("autocalibration");
        try (SseClient sse = events(null)) {
            long end = Files.size(file);
            append(file, line("12:31:00,000", "WARNING", "fridge <b>warm</b>\n    second line"));
            SseClient.Event first = sse.await("log", WAIT);
            JsonNode e1 = Json.MAPPER.readTree(first.data());
            assertEquals("autocalibration", e1.get("id").asText());
            assertEquals(file.getFileName().toString(), e1.get("file").asText());
            assertEquals(end, e1.get("from").asLong(), "records before the watch started are not sent");
            assertEquals(Files.size(file), e1.get("next_offset").asLong());
            assertFalse(e1.get("restarted").asBoolean());
            assertEquals(1, e1.get("entries").size());
            assertEquals(
                    "fridge <b>warm</b>\nsecond line",
                    e1.get("entries").get(0).get("message").asText());
            assertEquals("warning", e1.get("entries").get(0).get("level").asText());
            // The same records a page polling ?after= would get: appending one or the other is the same.
            assertEquals(
                    f.json("/api/experiments/autocalibration/log?after=" + end).get("entries"), e1.get("entries"));

            append(file, line("12:32:00,000", "INFO", "next"));
            JsonNode e2 = Json.MAPPER.readTree(sse.await("log", WAIT).data());
            assertEquals(e1.get("next_offset").asLong(), e2.get("from").asLong());
            assertEquals("next", e2.get("entries").get(0).get("message").asText());

            // Resume: from the first log event on, the second is replayed and the first is not.
            try (SseClient resumed = events(first.id())) {
                JsonNode again = Json.MAPPER.readTree(resumed.await("log", WAIT).data());
                assertEquals(e2, again);
            }
        }
    }

    @Test
    void aLogNoExperimentOwnsYetIsSentWholeOnceItsStatusFileAppears() throws Exception {
        Path file = log("later");
        try (SseClient sse = events(null)) {
            append(file, line("12:00:00,000", "INFO", "written before the status file"));
            f.writeStatus("later", Fixture.seedExample().replace("\"autocalibration\"", "\"later\""));
            follower.experimentsChanged();
            append(file, line("12:00:01,000", "INFO", "written after it"));
            JsonNode e = Json.MAPPER.readTree(sse.await(
                            "log event of 'later'",
                            WAIT,
                            ev -> ev.kind().equals("log") && ev.data().contains("\"id\":\"later\""))
                    .data());
            assertEquals(
                    0, e.get("from").asLong(), "a file created after the watch started is followed from its start");
            java.util.List<String> messages = new java.util.ArrayList<>();
            e.get("entries").forEach(n -> messages.add(n.get("message").asText()));
            // The second line may come in the same event or, on a busy machine, in the next one.
            while (!messages.contains("written after it")) {
                JsonNode next = Json.MAPPER.readTree(sse.await(
                                "the next log event of 'later'",
                                WAIT,
                                ev -> ev.kind().equals("log") && ev.data().contains("\"id\":\"later\""))
                        .data());
                assertEquals(
                        e.get("next_offset").asLong(),
                        next.get("from").asLong(),
                        "events continue where the last ended");
                next.get("entries").forEach(n -> messages.add(n.get("message").asText()));
                e = next;
            }
            assertEquals(java.util.List.of("written before the status file", "written after it"), messages);
        }
    }

    @Test
    void aReplacedLogSaysRestartedFromItsStart() throws Exception {
        Path file = log("autocalibration");
        try (SseClient sse = events(null)) {
            Path fresh = logs.resolve(".fresh");
            Files.writeString(fresh, line("13:00:00,000", "INFO", "new"));
            Files.move(
                    fresh,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            JsonNode e = Json.MAPPER.readTree(sse.await("log", WAIT).data());
            assertTrue(e.get("restarted").asBoolean(), e.toString());
            assertEquals(0, e.get("from").asLong());
            assertEquals("new", e.get("entries").get(0).get("message").asText());
        }
    }

    @Test
    void aBusyLogBecomesSeveralBoundedEventsWithNothingLost() throws Exception {
        Path file = log("autocalibration");
        StringBuilder many = new StringBuilder();
        int count = 3000;
        for (int i = 0; i < count; i++) {
            many.append(line("12:40:00,000", "INFO", "record " + i + " " + "x".repeat(40)));
        }
        try (SseClient sse = events(null)) {
            long from = Files.size(file);
            append(file, many.toString());
            long end = Files.size(file);
            int seen = 0;
            int events = 0;
            while (from < end) {
                SseClient.Event ev = sse.await("log", WAIT);
                JsonNode e = Json.MAPPER.readTree(ev.data());
                assertEquals(from, e.get("from").asLong(), "events continue each other");
                assertTrue(ev.data().length() < 2 * LogFollower.CHUNK_BYTES, "one event holds about one chunk");
                for (JsonNode entry : e.get("entries")) {
                    assertEquals(
                            "record " + seen + " " + "x".repeat(40),
                            entry.get("message").asText());
                    seen++;
                }
                from = e.get("next_offset").asLong();
                events++;
            }
            assertEquals(count, seen);
            assertTrue(events > 1, "more than one event for " + end + " bytes");
        }
    }

    @Test
    void aLogDirectoryCreatedLaterIsFollowedFromItsFilesStart() throws Exception {
        Path later = data.resolve("later-logs");
        f.writeStatus("late", Fixture.seedExample().replace("\"autocalibration\"", "\"late\""));
        // The real index with a further log directory, as logDirs in org.labwatch.index puts it.
        org.labwatch.index.StatusIndex index = org.labwatch.index.StatusIndex.of(
                f.store, java.util.Map.of("dataDir", data.toString(), "logDirs", later.toString()));
        index.bindLogSource(new FileLogSource());
        LogFollower laterFollower = new LogFollower(index, FileLogSource::new, hub);
        try (index;
                Subscription laterWatch = new FileLogSource(200).watch(List.of(later), laterFollower);
                SseClient sse = events(null)) {
            Path file = Files.createDirectories(later).resolve("late_20250101_120000.log");
            append(file, line("12:00:00,000", "INFO", "first line of a new directory"));
            JsonNode e = Json.MAPPER.readTree(sse.await(
                            "log event of 'late'",
                            WAIT,
                            ev -> ev.kind().equals("log") && ev.data().contains("\"id\":\"late\""))
                    .data());
            assertEquals(0, e.get("from").asLong());
            assertEquals(
                    "first line of a new directory",
                    e.get("entries").get(0).get("message").asText());
        }
    }
}

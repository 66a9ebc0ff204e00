package org.labwatch.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.api.ProgressBar;

/** What the list shows for the seed's own example, for a live run of the real monitor, and for dead runs. */
class SummaryTest {

    @TempDir
    Path data;

    /** The seed writes local times without offset; the reader takes them in the server's zone. */
    private static OffsetDateTime seedTime(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    @Test
    void seedExampleVerbatimWhileAlive() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("autocalibration", Fixture.seedExample());
        f.clock.set(seedTime("2025-01-01T12:32:00").toInstant());

        JsonNode s = f.json("/api/experiments").get("experiments").get(0);
        assertEquals("autocalibration", s.get("id").asText());
        assertEquals("autocalibration", s.get("name").asText());
        assertEquals("running", s.get("state").asText());
        assertFalse(s.get("stale").asBoolean());
        assertEquals(5, s.get("current_step").asInt());
        assertEquals(10, s.get("total_steps").asInt());
        // Step 5 is not in steps[] (the seed keeps what update_progress was given): the latest step's name.
        assertEquals("Resonator Spectroscopy", s.get("step_name").asText());
        assertEquals(50.0, s.get("percent").asDouble());
        // 50 % in the 30 min from start to last update: 30 min more.
        assertEquals(
                seedTime("2025-01-01T13:00:00").toInstant(),
                OffsetDateTime.parse(s.get("eta_at").asText()).toInstant());
        assertEquals("percent", s.get("eta_source").asText());
        assertEquals(
                seedTime("2025-01-01T12:30:00").toInstant(),
                OffsetDateTime.parse(s.get("last_update").asText()).toInstant());
        assertEquals(0, s.get("error_count").asInt());
        assertTrue(s.get("latest_plot").isNull());
        assertTrue(s.get("problem").isNull());
    }

    @Test
    void seedExampleSevenMinutesSilentIsStale() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("autocalibration", Fixture.seedExample());
        // No heartbeat in the seed's format: 5 min without an update is the default limit.
        f.clock.set(seedTime("2025-01-01T12:37:00").toInstant());

        JsonNode s = f.json("/api/experiments").get("experiments").get(0);
        assertEquals("stale", s.get("state").asText());
        assertEquals("running", s.get("status").asText());
        assertTrue(s.get("stale").asBoolean());
        assertEquals("no sign of life for 7 min", s.get("stale_reason").asText());
        assertTrue(s.get("eta_at").isNull(), "a stale run has no ETA");

        f.clock.set(seedTime("2025-01-01T12:34:59").toInstant());
        assertEquals(
                "running",
                f.json("/api/experiments")
                        .get("experiments")
                        .get(0)
                        .get("state")
                        .asText());
    }

    @Test
    void thresholdsComeFromTheConfiguration() throws Exception {
        Fixture f = new Fixture(data, Map.of("staleWithoutHeartbeatAfterSeconds", 60L));
        f.writeStatus("autocalibration", Fixture.seedExample());
        f.clock.set(seedTime("2025-01-01T12:32:00").toInstant());
        JsonNode s = f.json("/api/experiments").get("experiments").get(0);
        assertEquals("stale", s.get("state").asText());
        assertEquals("no sign of life for 2 min", s.get("stale_reason").asText());
    }

    @Test
    void heartbeatRunsGoStaleAfterThreeMissedBeats() throws Exception {
        Fixture f = new Fixture(data);
        OffsetDateTime beat = OffsetDateTime.parse("2025-03-01T10:00:00Z");
        f.writeStatus(
                "hb",
                "{\"experiment_name\":\"hb\",\"status\":\"running\",\"start_time\":\"2025-03-01T09:00:00Z\","
                        + "\"last_update\":\"2025-03-01T09:30:00Z\",\"heartbeat\":\"" + beat
                        + "\",\"format_version\":1}");
        f.clock.set(beat.plusSeconds(29).toInstant());
        assertEquals(
                "running",
                f.json("/api/experiments")
                        .get("experiments")
                        .get(0)
                        .get("state")
                        .asText());
        f.clock.set(beat.plusSeconds(31).toInstant());
        JsonNode s = f.json("/api/experiments").get("experiments").get(0);
        assertEquals("stale", s.get("state").asText());
        assertEquals("no sign of life for 31 s", s.get("stale_reason").asText());
        assertEquals(
                beat.toInstant(),
                OffsetDateTime.parse(s.get("last_sign_of_life").asText()).toInstant());
    }

    @Test
    void finishedRunsAreNeverStale() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("done", Fixture.seedExample().replace("\"running\"", "\"completed\""));
        f.writeStatus("broke", Fixture.seedExample().replace("\"running\"", "\"failed\""));
        f.writeStatus("odd", Fixture.seedExample().replace("\"running\"", "\"paused\""));
        f.clock.set(seedTime("2026-01-01T00:00:00").toInstant());
        JsonNode list = f.json("/api/experiments?sort=id").get("experiments");
        assertEquals("failed", list.get(0).get("state").asText());
        assertEquals("completed", list.get(1).get("state").asText());
        assertEquals("unknown", list.get(2).get("state").asText());
    }

    @Test
    void unreadableFilesAreListedWithTheirReason() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("truncated", "{\"experiment_name\": \"x\", \"status\": \"runn");
        f.writeStatus("array", "[1, 2]");
        JsonNode list = f.json("/api/experiments?sort=id").get("experiments");
        assertEquals("array", list.get(0).get("id").asText());
        assertEquals("unreadable", list.get(0).get("state").asText());
        assertTrue(
                list.get(0).get("problem").asText().contains("not an object"),
                list.get(0).toString());
        assertEquals("unreadable", list.get(1).get("state").asText());
        assertTrue(
                list.get(1).get("problem").asText().contains("truncated"),
                list.get(1).toString());
        assertTrue(list.get(1).get("file").asText().endsWith("truncated_status.json"));

        JsonNode detail = f.json("/api/experiments/truncated");
        assertTrue(detail.get("status").isNull());
        assertEquals("unreadable", detail.get("summary").get("state").asText());
    }

    @Test
    void liveRunOfTheRealMonitor() throws Exception {
        Fixture f = new Fixture(data);
        try (Monitor m = Monitors.create(data, "qubit_cal")) {
            m.updateProgress("Resonator Spectroscopy", 1, 4, "Finding readout frequency...");
            m.updateProgress("Rabi", 2, 4, "Calibrating");
            m.error("fit failed", new IllegalStateException("chi2 too large"));
            m.savePlot(SvgPlots.svg("rabi"), "rabi_fit");
            try (ProgressBar bar = m.progressBar("Shots", 1000)) {
                bar.stepBy(250);
                f.clock.set(java.time.Instant.now());
                JsonNode s = waitForBar(f);
                assertEquals("running", s.get("state").asText());
                assertEquals("Rabi", s.get("step_name").asText());
                assertEquals(2, s.get("current_step").asInt());
                assertEquals(50.0, s.get("percent").asDouble());
                assertEquals(1, s.get("error_count").asInt());
                assertEquals("rabi_fit.svg", s.get("latest_plot").get("file").asText());
                assertEquals(
                        "image/svg+xml", s.get("latest_plot").get("media_type").asText());
                assertNotNull(s.get("heartbeat").textValue());
                assertEquals("Shots", s.get("progress_bar").get("description").asText());
                assertEquals(1000, s.get("progress_bar").get("total").asLong());
            }
            m.complete("all done");
        }
        JsonNode s = f.json("/api/experiments").get("experiments").get(0);
        assertEquals("completed", s.get("state").asText());
        assertEquals("all done", s.get("message").asText());
        assertTrue(s.get("eta_at").isNull());
        assertNull(s.get("progress_bar").textValue());
    }

    /** Bars reach the status file at most once a second (labwatch.core.progressPersistIntervalMs). */
    private static JsonNode waitForBar(Fixture f) {
        JsonNode[] last = {null};
        org.awaitility.Awaitility.await("the progress bar in the status file")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    last[0] = f.json("/api/experiments").get("experiments").get(0);
                    assertTrue(
                            !last[0].get("progress_bar").isNull()
                                    && last[0].get("progress_bar").get("n").asLong() == 250,
                            "the progress bar has not reached the status file: " + last[0]);
                });
        return last[0];
    }

    @Test
    void longSilencesAreSaidInDays() {
        assertEquals("7 min", org.labwatch.api.Liveness.describe(Duration.ofMinutes(7)));
        assertEquals("47 h 59 min", org.labwatch.api.Liveness.describe(Duration.ofMinutes(48 * 60 - 1)));
        assertEquals(
                "696 d 7 h",
                org.labwatch.api.Liveness.describe(
                        Duration.ofDays(696).plusHours(7).plusMinutes(50)));
        assertEquals("3 d", org.labwatch.api.Liveness.describe(Duration.ofDays(3)));
    }
}

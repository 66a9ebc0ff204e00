package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;

class SeedFormatTest {

    /** Verbatim the Python tool's documented status example ("Status JSON Format"). */
    static final String SEED_EXAMPLE = """
            {
              "experiment_name": "autocalibration",
              "start_time": "2025-01-01T12:00:00",
              "last_update": "2025-01-01T12:30:00",
              "current_step": 5,
              "total_steps": 10,
              "progress_percent": 50.0,
              "status": "running",
              "steps": [
                {
                  "name": "Resonator Spectroscopy",
                  "step_number": 1,
                  "timestamp": "2025-01-01T12:05:00",
                  "message": "Finding readout frequency..."
                }
              ],
              "messages": [
                {
                  "timestamp": "2025-01-01T12:05:00",
                  "level": "info",
                  "message": "Starting resonator spectroscopy..."
                }
              ],
              "errors": []
            }
            """;

    @TempDir
    Path dir;

    private final StatusStore store = new JsonStatusStore();

    @Test
    void seedExampleIsReadFieldByField() throws Exception {
        Path file = Files.writeString(dir.resolve("autocalibration_status.json"), SEED_EXAMPLE);
        StatusReading r = store.read(file);
        assertTrue(r.readable(), r.problem());
        ExperimentStatus s = r.status();
        ZoneId zone = ZoneId.systemDefault();
        assertEquals("autocalibration", r.id());
        assertEquals(0, s.formatVersion());
        assertEquals("autocalibration", s.experimentName());
        assertEquals(LocalDateTime.of(2025, 1, 1, 12, 0).atZone(zone).toOffsetDateTime(), s.startTime());
        assertEquals(LocalDateTime.of(2025, 1, 1, 12, 30).atZone(zone).toOffsetDateTime(), s.lastUpdate());
        assertEquals(5, s.currentStep());
        assertEquals(10, s.totalSteps());
        assertEquals(50.0, s.progressPercent());
        assertEquals(RunState.RUNNING, s.status());
        assertEquals(
                List.of(new StepRecord(
                        "Resonator Spectroscopy",
                        1,
                        LocalDateTime.of(2025, 1, 1, 12, 5).atZone(zone).toOffsetDateTime(),
                        "Finding readout frequency...",
                        null)),
                s.steps());
        assertEquals(
                List.of(new MessageRecord(
                        LocalDateTime.of(2025, 1, 1, 12, 5).atZone(zone).toOffsetDateTime(),
                        Level.INFO,
                        "Starting resonator spectroscopy...")),
                s.messages());
        assertEquals(List.of(), s.errors());
        assertEquals(1, s.messageCount());
        assertEquals(0, s.errorCount());
        assertNull(s.heartbeat());
        assertNull(s.pid());
    }

    @Test
    void everyFieldRoundTripsAndUsesTheSeedNames() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 123_000_000, ZoneOffset.ofHours(2));
        String tricky = "quote \" backslash \\ newline\n tab\t bell\u0007 unicode Résonateur ✓ <script>";
        ExperimentStatus s = ExperimentStatus.builder("Résonateur (q0)")
                .startTime(t)
                .lastUpdate(t.plusSeconds(5))
                .currentStep(2)
                .totalSteps(7)
                .progressPercent(28.6)
                .status(RunState.FAILED)
                .steps(List.of(new StepRecord("Rabi", 2, t, tricky, 1.25)))
                .messages(List.of(new MessageRecord(t, Level.WARNING, tricky), new MessageRecord(t, Level.DEBUG, "d")))
                .errors(List.of(new ErrorRecord(t, "boom", "java.lang.X\n\tat a.b(C.java:1)")))
                .message("aborted")
                .completedTime(t.plusSeconds(9))
                .host("lab-pc")
                .pid(4242L)
                .heartbeat(t.plusSeconds(8))
                .plots(List.of(new PlotRecord("rabi", "rabi.png", t, "image/png", 1234)))
                .progressBars(List.of(new ProgressBarRecord(
                        "bar-1",
                        "sweep",
                        45,
                        100,
                        45.0,
                        3.67,
                        12.26,
                        14.98,
                        "T=12 mK",
                        ProgressBarRecord.State.RUNNING,
                        t,
                        t.plusSeconds(12))))
                .messageCount(100_000)
                .errorCount(3)
                .logFile("x_20260304_050607.log")
                .build();
        Path file = dir.resolve("r_status.json");
        store.write(file, s);
        assertEquals(s, store.read(file).status());

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        for (String f : List.of(
                "experiment_name",
                "start_time",
                "last_update",
                "current_step",
                "total_steps",
                "progress_percent",
                "status",
                "steps",
                "messages",
                "errors",
                "format_version",
                "host",
                "pid",
                "heartbeat",
                "plots",
                "progress_bars",
                "completed_time",
                "message",
                "message_count",
                "error_count",
                "log_file")) {
            assertTrue(json.has(f), f);
        }
        assertEquals("2026-03-04T05:06:07.123+02:00", json.get("start_time").asText());
        assertEquals("failed", json.get("status").asText());
        assertEquals("warning", json.get("messages").get(0).get("level").asText());
        assertEquals(1.25, json.get("steps").get(0).get("duration_s").asDouble());
        assertTrue(Files.readString(file).startsWith("{\n  \"experiment_name\""), "indented for cat");
    }

    @Test
    void lenientAboutOtherWritersContent() throws Exception {
        Path file = Files.writeString(dir.resolve("hand_status.json"), """
                {"start_time": "2025-01-01 12:00:00.123456", "last_update": "2025-01-01T11:00:00Z",
                 "current_step": "3", "total_steps": 4.0, "progress_percent": "75", "status": "Completed",
                 "errors": ["plain string error", {"error": "keyed error", "timestamp": "not a time"}],
                 "messages": [{"level": "CRITICAL", "message": "m"}],
                 "unknown_field": {"nested": [1, 2]}}
                """);
        StatusReading r = store.read(file);
        assertTrue(r.readable(), r.problem());
        ExperimentStatus s = r.status();
        assertEquals("hand", s.experimentName(), "name from the file name");
        assertEquals(123, s.startTime().getNano() / 1_000_000);
        assertEquals(
                OffsetDateTime.parse("2025-01-01T11:00:00Z").toInstant(),
                s.lastUpdate().toInstant());
        assertEquals(3, s.currentStep());
        assertEquals(4, s.totalSteps());
        assertEquals(75.0, s.progressPercent());
        assertEquals(RunState.COMPLETED, s.status());
        assertEquals("plain string error", s.errors().get(0).message());
        assertEquals("keyed error", s.errors().get(1).message());
        assertNull(s.errors().get(1).timestamp());
        assertEquals(Level.ERROR, s.messages().get(0).level());
    }
}

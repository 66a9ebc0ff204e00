package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.api.Monitor;

/** The Python tool's notebook calls, section by section, in Java, checked on the files they leave. */
class MonitorFilesTest {

    private static final Pattern LINE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} - (DEBUG|INFO|WARNING|ERROR) - .*");

    @TempDir
    Path expt;

    @Test
    void seedSectionsLeaveSeedLayoutAndJson() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor monitor = t.engine.create(expt, "autocalibration_run_20250101");
            monitor.log("Starting experiment...");
            monitor.log(Level.DEBUG, "detail");
            monitor.warn("fridge temperature drifting");
            monitor.updateProgress("Resonator Spectroscopy", 1, 10, "Finding readout frequency...");
            monitor.updateProgress("Qubit Calibration", 2, 10);
            monitor.error("fit did not converge", new IllegalStateException("chi2 too large"));
            Path plot = monitor.savePlot(image(), "resonator_spectrum");
            monitor.complete("All experiments completed successfully!");
            monitor.close();

            assertEquals(expt.resolve("monitoring/plots/resonator_spectrum.png").toAbsolutePath(), plot);
            assertTrue(Files.size(plot) > 100);

            Path log = Files2.onlyLog(expt);
            assertTrue(
                    log.getFileName().toString().matches("autocalibration_run_20250101_\\d{8}_\\d{6}\\.log"),
                    log.toString());
            List<String> lines = Files2.lines(log);
            for (String line : lines) {
                assertTrue(
                        LINE.matcher(line).matches() || line.startsWith("    "),
                        "not a record or continuation: " + line);
            }
            String text = String.join("\n", lines);
            assertTrue(text.contains(" - INFO - Starting experiment..."));
            assertTrue(text.contains(" - DEBUG - detail"));
            assertTrue(text.contains(" - WARNING - fridge temperature drifting"));
            assertTrue(text.contains(" - INFO - Step 1/10: Resonator Spectroscopy - Finding readout frequency..."));
            assertTrue(text.contains(
                    " - ERROR - fit did not converge\n    java.lang.IllegalStateException: chi2 too large"));
            assertTrue(text.contains(" - INFO - Saved plot resonator_spectrum.png"));
            assertTrue(text.endsWith(" - INFO - All experiments completed successfully!"), text);

            JsonNode s = Files2.status(expt, "autocalibration_run_20250101");
            for (String field : List.of(
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
                    "completed_time",
                    "message",
                    "message_count",
                    "error_count",
                    "log_file")) {
                assertTrue(s.has(field), "missing field " + field + " in " + s);
            }
            assertEquals(
                    "autocalibration_run_20250101", s.get("experiment_name").asText());
            assertEquals("completed", s.get("status").asText());
            assertEquals(100.0, s.get("progress_percent").asDouble());
            assertEquals(10, s.get("total_steps").asInt());
            assertEquals(
                    "Resonator Spectroscopy", s.get("steps").get(0).get("name").asText());
            assertEquals(1, s.get("steps").get(0).get("step_number").asInt());
            assertEquals(
                    "Finding readout frequency...",
                    s.get("steps").get(0).get("message").asText());
            assertEquals(
                    "fit did not converge",
                    s.get("errors").get(0).get("message").asText());
            assertTrue(s.get("errors").get(0).get("traceback").asText().contains("chi2 too large"));
            JsonNode warning = find(s.get("messages"), "fridge temperature drifting");
            assertEquals("warning", warning.get("level").asText());
            assertTrue(
                    warning.get("timestamp")
                            .asText()
                            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)"),
                    warning.get("timestamp").asText());
            assertEquals(
                    "resonator_spectrum.png", s.get("plots").get(0).get("file").asText());
            assertEquals("image/png", s.get("plots").get(0).get("media_type").asText());
            assertEquals(log.getFileName().toString(), s.get("log_file").asText());
            assertEquals(ProcessHandle.current().pid(), s.get("pid").asLong());
            assertEquals(
                    "All experiments completed successfully!", s.get("message").asText());
        }
    }

    @Test
    void closeWithoutCompleteMarksInterruptedAndANewRunKeepsTheEarlierFile() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor first = t.engine.create(expt, "t1");
            first.log("first run");
            first.close();
            assertEquals("interrupted", Files2.status(expt, "t1").get("status").asText());

            Monitor second = t.engine.create(expt, "t1");
            second.log("second run");
            second.fail("hardware fault", null);
            second.close();

            assertEquals("failed", Files2.status(expt, "t1").get("status").asText());
            try (Stream<Path> files = Files.list(expt.resolve("monitoring/status"))) {
                List<String> names =
                        files.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(2, names.size(), names.toString());
                assertTrue(names.get(0).matches("t1_\\d{8}_\\d{6}(_\\d+)?_status.json"), names.toString());
            }
        }
    }

    @Test
    void aSecondCreateWhileTheFirstIsOpenSupersedesIt() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor first = t.engine.create(expt, "notebook cell");
            first.updateProgress("A", 1, 3);
            Monitor second = t.engine.create(expt, "notebook cell");
            second.complete("done");
            second.close();
            try (Stream<Path> files = Files.list(expt.resolve("monitoring/status"))) {
                Path kept = files.filter(p -> !p.getFileName().toString().equals("notebook cell_status.json"))
                        .findFirst()
                        .orElseThrow();
                String json = Files.readString(kept);
                assertTrue(json.contains("\"interrupted\""), json);
                assertTrue(json.contains("Superseded by a new run"), json);
            }
            first.log("late line from the old cell"); // goes to stderr, does not throw
            assertTrue(t.console().contains("late line from the old cell"));
        }
    }

    @Test
    void statusStaysBoundedAfter100000LogCalls() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "long run");
            m.updateProgress("sweep", 1, 2);
            for (int i = 0; i < 100_000; i++) {
                m.log("point " + i + " measured");
            }
            for (int i = 0; i < 700; i++) {
                m.error("glitch " + i);
            }
            m.close();
            JsonNode s = Files2.status(expt, "long run");
            assertEquals(200, s.get("messages").size());
            assertEquals(500, s.get("errors").size());
            assertEquals("glitch 699", s.get("errors").get(499).get("message").asText());
            assertTrue(
                    s.get("message_count").asLong() > 100_700,
                    s.get("message_count").toString());
            assertEquals(700, s.get("error_count").asLong());
            long size = Files.size(expt.resolve("monitoring/status/long run_status.json"));
            assertTrue(size < 200_000, "status file is " + size + " bytes");
            assertEquals(100_000 + 700 + 3, Files2.lines(Files2.onlyLog(expt)).size(), "every record in the log");
        }
    }

    @Test
    void logsAppearInStatusWithinTheFlushIntervalWithoutAnotherUpdate() {
        try (TestEngines t = new TestEngines(java.util.Map.of("statusFlushIntervalMs", 100L))) {
            Monitor m = t.engine.create(expt, "flush");
            m.log("only a log line");
            await("the message in the status file")
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> Files2.text(expt.resolve("monitoring/status/flush_status.json"))
                            .contains("only a log line"));
            m.close();
        }
    }

    @Test
    void heartbeatAdvancesWhileTheRunIsQuiet() {
        try (TestEngines t = new TestEngines(java.util.Map.of("heartbeatIntervalMs", 200L))) {
            Monitor m = t.engine.create(expt, "quiet");
            String first = Files2.status(expt, "quiet").get("heartbeat").asText();
            await("a newer heartbeat than " + first)
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !Files2.status(expt, "quiet")
                            .get("heartbeat")
                            .asText()
                            .equals(first));
            m.close();
            assertFalse(Files2.status(expt, "quiet").get("status").asText().equals("running"));
        }
    }

    private static JsonNode find(JsonNode messages, String text) {
        for (JsonNode m : messages) {
            if (m.get("message").asText().equals(text)) {
                return m;
            }
        }
        throw new AssertionError(text + " not in " + messages);
    }

    static BufferedImage image() {
        BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.BLUE);
        for (int x = 1; x < 120; x++) {
            g.drawLine(x - 1, 40 - (int) (30 * Math.sin((x - 1) / 10.0)), x, 40 - (int) (30 * Math.sin(x / 10.0)));
        }
        g.dispose();
        return img;
    }
}

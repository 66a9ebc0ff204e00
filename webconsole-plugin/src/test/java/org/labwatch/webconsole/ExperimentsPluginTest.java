package org.labwatch.webconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.status.JsonStatusStore;

/** The page over status files read through the real index and JSON store. */
class ExperimentsPluginTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:10:00Z");

    @TempDir
    Path data;

    private final List<StatusIndex> indexes = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeIndexes() {
        indexes.forEach(StatusIndex::close);
    }

    /** The page over a real index with these org.labwatch.index settings. */
    private ExperimentsPlugin plugin(Map<String, ?> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("dataDir", data.toString());
        StatusIndex index = StatusIndex.of(new JsonStatusStore(), all);
        indexes.add(index);
        return new ExperimentsPlugin(index, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void status(String id, String json) throws IOException {
        Path dir = Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(dir.resolve(id + "_status.json"), json);
    }

    private static String seedStyle(String name, String status, String lastUpdate, String stepName) {
        return """
                {"experiment_name": %s, "start_time": "2026-11-28T12:00:00+00:00", "last_update": "%s",
                 "current_step": 3, "total_steps": 10, "progress_percent": 30.0, "status": "%s",
                 "steps": [{"name": %s, "step_number": 3, "timestamp": "2026-11-28T12:01:00+00:00"}],
                 "messages": [], "errors": []}
                """.formatted(quote(name), lastUpdate, status, quote(stepName));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void listsEveryExperimentWithStepPercentUpdateAndLinkToItsDashboardPage() throws IOException {
        status("qubit_cal", seedStyle("qubit cal", "running", "2026-11-28T12:09:50+00:00", "Rabi"));
        status("done_run", seedStyle("done_run", "completed", "2026-11-28T11:00:00+00:00", "Last"));

        String html = plugin(Map.of()).content();

        assertTrue(
                html.contains(
                        "2 experiments in " + data.resolve("monitoring/status").toAbsolutePath()),
                html);
        assertTrue(html.contains("<a href=\"/#/experiment/qubit_cal\">qubit cal</a> <small>(qubit_cal)</small>"), html);
        assertTrue(html.contains("<td>running</td><td>3/10 Rabi</td><td>30.0 %</td>"), html);
        assertTrue(html.contains("2026-11-28 12:09:50 UTC (10 s ago)"), html);
        assertTrue(html.contains("<td>completed</td>"), html);
        // Newest sign of life first, as the dashboard's default order.
        assertTrue(html.indexOf("qubit_cal") < html.indexOf("done_run"), html);
    }

    @Test
    void aRunningExperimentSilentPastTheThresholdIsStaleNotRunning() throws IOException {
        status("silent", seedStyle("silent", "running", "2026-11-28T12:02:00+00:00", "Fit"));

        assertTrue(plugin(Map.of()).content().contains("<td>stale: no sign of life for 8 min</td>"));
        // The threshold for heartbeat-less files is the index's, as the dashboard's.
        String lenient =
                plugin(Map.of("staleWithoutHeartbeatAfterSeconds", 3600L)).content();
        assertTrue(lenient.contains("<td>running</td>"), lenient);
    }

    @Test
    void everyStringFromAStatusFileIsEscaped() throws IOException {
        String xss = "<script>alert('x')</script>\"&";
        status("evil", seedStyle(xss, "running", "2026-11-28T12:09:59+00:00", "<img src=x onerror=alert(1)>"));

        String html = plugin(Map.of()).content();

        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    }

    @Test
    void idsAreEncodedForTheDashboardRoute() {
        assertEquals("a%20b%26c%3Cd%3E%23e", ExperimentTable.fragment("a b&c<d>#e"));
    }

    @Test
    void anUnreadableFileIsListedWithItsReason() throws IOException {
        status("broken", "{\"experiment_name\": \"broken\", \"status\": ");

        String html = plugin(Map.of()).content();

        assertTrue(html.contains("<a href=\"/#/experiment/broken\">broken</a></td><td>unreadable: "), html);
    }

    @Test
    void noStatusFilesSaysWhereItLooked() {
        String html = plugin(Map.of()).content();

        assertTrue(
                html.contains(
                        "0 experiments in " + data.resolve("monitoring/status").toAbsolutePath()),
                html);
        assertTrue(html.contains("No status files found"), html);
    }

    @Test
    void withoutTheIndexThePageSaysWhichFeatureIsMissing() {
        ExperimentsPlugin plugin = new ExperimentsPlugin(null, Clock.systemUTC());

        assertTrue(plugin.content().contains("feature:install labwatch-index"), plugin.content());
    }
}

package org.labwatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.metrics.MetricsReader;
import org.labwatch.status.JsonStatusStore;

/** labwatch:metrics over a hand-written metrics file, read through the real index and metrics reader. */
class MetricsCommandTest {

    @TempDir
    Path data;

    private StatusIndex index;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void write() throws Exception {
        Path status = Files.createDirectories(data.resolve("monitoring/status"));
        String json = """
                {"experiment_name": "%s", "status": "running", "log_file": "%s_20261204_201503.log",
                 "last_update": "2026-12-04T20:15:03"}
                """;
        Files.writeString(status.resolve("rabi_status.json"), json.formatted("rabi", "rabi"));
        Files.writeString(status.resolve("quiet_status.json"), json.formatted("quiet", "quiet"));
        StringBuilder csv = new StringBuilder("time,step,name,value\n");
        for (int i = 0; i < 30; i++) {
            csv.append("1796415303.")
                    .append(100 + i)
                    .append(',')
                    .append(i)
                    .append(",T1_us,")
                    .append(40.0 + i)
                    .append('\n');
        }
        csv.append("1796415304.000,0,fit/chi2,NaN\n").append("not a line\n");
        Files.writeString(
                Files.createDirectories(data.resolve("monitoring/metrics")).resolve("rabi_20261204_201503.csv"), csv);
        index = StatusIndex.of(new JsonStatusStore(), data, List.of());
    }

    @AfterEach
    void close() {
        index.close();
    }

    private MetricsCommand command(String id, String name) {
        MetricsCommand c = new MetricsCommand();
        c.index = index;
        c.metrics = new MetricsReader(index, new FileLogSource(), Map.of());
        c.out = out;
        c.id = id;
        c.name = name;
        return c;
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void listsEveryMetricWithCountLastStepLastMinAndMax() throws Exception {
        command("rabi", null).execute();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(lines().get(0).matches("Metric\\s+. +Count .*Last step .*Last .*Min .*Max"), text);
        assertTrue(text.matches("(?s).*T1_us\\s+.\\s+30\\s+.\\s+29\\s+.\\s+69.0\\s+.\\s+40.0\\s+.\\s+69.0.*"), text);
        assertTrue(text.matches("(?s).*fit/chi2\\s+.\\s+1\\s+.\\s+0\\s+.\\s+NaN\\s+.\\s+-\\s+.\\s+-.*"), text);
        assertTrue(text.contains("(1 malformed line(s) skipped in rabi_20261204_201503.csv)"), text);
    }

    @Test
    void printsAMetricsLast20Values() throws Exception {
        command("rabi", "T1_us").execute();
        List<String> lines = lines();
        assertEquals(2 + MetricsCommand.LAST_VALUES, lines.size(), String.join("\n", lines));
        assertTrue(
                lines.get(2).matches("\\s*10 . \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.110 . +50.0"), lines.get(2));
        assertTrue(lines.get(lines.size() - 1).matches("\\s*29 . .*\\.129 . +69.0"), lines.get(lines.size() - 1));
    }

    @Test
    void saysWhatIsMissing() throws Exception {
        command("quiet", null).execute();
        assertEquals(List.of("quiet has no metrics yet"), lines());
        IllegalArgumentException noRun = assertThrows(
                IllegalArgumentException.class, () -> command("nope", null).execute());
        assertTrue(noRun.getMessage().startsWith("no experiment 'nope'"), noRun.getMessage());
        IllegalArgumentException noMetric = assertThrows(
                IllegalArgumentException.class, () -> command("rabi", "T2").execute());
        assertEquals("no metric 'T2' in rabi; known: T1_us, fit/chi2", noMetric.getMessage());
        MetricsCommand withoutReader = command("rabi", null);
        withoutReader.metrics = null;
        IllegalStateException missing = assertThrows(IllegalStateException.class, withoutReader::execute);
        assertTrue(missing.getMessage().contains("feature:install labwatch-metrics"), missing.getMessage());
    }
}

package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.testsupport.PythonClient;

/**
 * The two clients side by side, live: the same calls made through the Java client and through the
 * Python client (clients/python, run with {@code python3} from the PATH) give status files that
 * differ only in times, host and pid (same fields in the same order, same values), logs with the
 * same records, and metrics files with the same values. No python3 is a failure, not a skip: CI
 * installs it.
 */
class CrossLanguageRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A 1×1 PNG, the same bytes for both clients. */
    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");

    /** Fields whose values are times, places or measured durations: only their presence is compared. */
    private static final Set<String> VARYING = Set.of(
            "start_time",
            "last_update",
            "heartbeat",
            "completed_time",
            "timestamp",
            "updated",
            "started",
            "host",
            "pid",
            "log_file",
            "rate",
            "elapsed_s",
            "eta_s",
            "traceback");

    private static final String PYTHON_RUN = """
            import base64, io, sys
            from persistent_monitoring import create_monitor
            m = create_monitor(sys.argv[1], "twins", echo=False)
            m.log("Starting experiment...")
            m.warning("two\\nlines")
            try:
                raise RuntimeError("no signal")
            except RuntimeError as e:
                m.error("Fit did not converge", exc_info=e)
            m.update_progress("Sweep", 1, 2, "half")
            for i in m.tqdm(range(3), desc="Running experiments", file=io.StringIO()):
                m.log("i=%d" % i)
                m.metric("T1_us", 40.0 + i * 0.25)
            m.metric("T1_us", float("nan"))
            m.metric("fit/chi2", 1.0e-5, step=7)
            m.metrics({"f_res_GHz": 7.1234, "Q": 12000.0}, step=3)
            m.metric("fit/chi2", float("inf"), step=2)
            m.save_plot(base64.b64decode(sys.argv[2]), "spectrum")
            m.update_progress("Fit", 2, 2)
            m.complete("done")
            m.close()
            """;

    @TempDir
    Path work;

    @Test
    void sameCallsGiveTheSameFilesApartFromTimesHostAndPid() throws Exception {
        Path javaRun = Files.createDirectories(work.resolve("java"));
        Path pythonRun = Files.createDirectories(work.resolve("python"));
        runJava(javaRun);
        runPython(pythonRun);

        JsonNode java = JSON.readTree(
                javaRun.resolve("monitoring/status/twins_status.json").toFile());
        JsonNode python = JSON.readTree(
                pythonRun.resolve("monitoring/status/twins_status.json").toFile());
        assertEquals(fieldNames(java), fieldNames(python), "top-level fields and their order");
        assertEquals(comparable(java), comparable(python));

        assertEquals(records(logOf(javaRun)), records(logOf(pythonRun)), "log records (level and first line)");
        assertEquals(metricLines(javaRun), metricLines(pythonRun), "metrics file (step, name, value)");
    }

    private static void runJava(Path expt) {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "twins");
            m.log("Starting experiment...");
            m.warn("two\nlines");
            m.error("Fit did not converge", new IllegalStateException("no signal"));
            m.updateProgress("Sweep", 1, 2, "half");
            for (int i : m.range(3, "Running experiments")) {
                m.log("i=" + i);
                m.metric("T1_us", 40.0 + i * 0.25);
            }
            m.metric("T1_us", Double.NaN);
            m.metric("fit/chi2", 7, 1.0e-5);
            Map<String, Double> two = new LinkedHashMap<>();
            two.put("f_res_GHz", 7.1234);
            two.put("Q", 12000.0);
            m.metrics(3, two);
            m.metric("fit/chi2", 2, Double.POSITIVE_INFINITY);
            m.savePlot(PNG, "spectrum");
            m.updateProgress("Fit", 2, 2);
            m.complete("done");
            m.close();
        }
    }

    private static void runPython(Path expt) throws Exception {
        Path script = Files.writeString(expt.resolve("run.py"), PYTHON_RUN);
        PythonClient.run(
                "beside the Java client with the same calls",
                script,
                expt.toString(),
                Base64.getEncoder().encodeToString(PNG));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The status with varying values blanked (kept present), the first message's paths cut off. */
    private static JsonNode comparable(JsonNode status) {
        JsonNode copy = status.deepCopy();
        blank(copy);
        ArrayNode messages = (ArrayNode) copy.get("messages");
        String first = messages.get(0).get("message").asText();
        assertTrue(first.startsWith("Monitoring started for experiment 'twins'"), first);
        ((ObjectNode) messages.get(0)).put("message", "Monitoring started for experiment 'twins'");
        return copy;
    }

    private static void blank(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (VARYING.contains(e.getKey())) {
                    e.setValue(JSON.getNodeFactory().textNode("(varies)"));
                } else {
                    blank(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(CrossLanguageRunTest::blank);
        }
    }

    private static Path logOf(Path expt) throws Exception {
        try (Stream<Path> logs = Files.list(expt.resolve("monitoring/logs"))) {
            List<Path> all = logs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    /** Each record's level and first line; continuation lines (tracebacks differ by language) left out. */
    private static List<String> records(Path log) throws Exception {
        List<String> records = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("    ")) {
                continue;
            }
            String rest = line.substring("2025-01-01 12:00:00,000 - ".length());
            records.add(rest.startsWith("INFO - Monitoring started") ? "INFO - Monitoring started" : rest);
        }
        return records;
    }

    /** The metrics file's lines without the time; values compared as doubles (the spellings differ). */
    private static List<String> metricLines(Path expt) throws Exception {
        try (Stream<Path> files = Files.list(expt.resolve("monitoring/metrics"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            List<String> lines = Files.readAllLines(all.get(0), StandardCharsets.UTF_8);
            assertEquals("time,step,name,value", lines.get(0));
            List<String> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                assertEquals(4, f.length, line);
                assertTrue(f[0].matches("\\d+\\.\\d{3}"), "time with three decimals: " + line);
                out.add(f[1] + "," + f[2] + "," + Double.parseDouble(f[3]));
            }
            return out;
        }
    }
}

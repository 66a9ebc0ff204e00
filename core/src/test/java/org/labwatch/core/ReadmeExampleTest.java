package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's full-integration example, taken from README.md itself, compiled and run. */
class ReadmeExampleTest {

    private static final String MARK = "<!-- example: full-integration -->";

    @TempDir
    Path tmp;

    @Test
    void fullIntegrationExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int mark = readme.indexOf(MARK);
        assertTrue(mark >= 0, "README.md has no " + MARK);
        int start = readme.indexOf("```java\n", mark) + "```java\n".length();
        String source = readme.substring(start, readme.indexOf("\n```", start));
        Path src = Files.createDirectories(tmp.resolve("src")).resolve("FullIntegration.java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(
                        diagnostics,
                        null,
                        null,
                        List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")),
                        null,
                        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                                .getJavaFileObjects(src))
                .call();
        assertTrue(ok, "README example does not compile:\n" + diagnostics);

        Path expt = tmp.resolve("experiment_data");
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("FullIntegration")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {expt.toString()});
        }

        JsonNode status = Files2.status(expt, "autocalibration_full");
        assertEquals("completed", status.get("status").asText());
        assertEquals(4, status.get("total_steps").asInt());
        String log = Files2.text(Files2.onlyLog(expt));
        assertTrue(log.contains(" - INFO - Skipping Pulse Probe GE (not enabled)"), log);
        assertTrue(log.contains(" - INFO - Running T2 Ramsey GE..."), log);
        assertTrue(log.contains(" - INFO - Resonator Spectroscopy completed in "), log);
        assertTrue(log.contains(" - INFO - All experiments completed!"), log);
        JsonNode bar = status.get("progress_bars").get(0);
        assertEquals("Running calibration", bar.get("description").asText());
        assertEquals(4, bar.get("n").asLong());
        assertEquals("done", bar.get("state").asText());
        boolean durationSeen = false;
        for (JsonNode step : status.get("steps")) {
            durationSeen |= step.has("duration_s") && step.get("name").asText().equals("Single Shot");
        }
        assertTrue(durationSeen, status.get("steps").toString());
    }
}

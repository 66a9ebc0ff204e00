package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL at random moments loses no returned line and never leaves a half-written status file. */
class KillTest {

    private static final int KILLS = 20;

    @TempDir
    Path root;

    @Test
    void killedJvmLosesNoReturnedLineAndLeavesAParsableStatus() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        for (int run = 0; run < KILLS; run++) {
            Path expt = root.resolve("run" + run);
            int killAfter = 1 + random.nextInt(20_000);
            Process child = start(expt, null);
            List<Long> printed = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    printed.add(Long.parseLong(line.trim()));
                    if (printed.size() >= killAfter) {
                        child.destroyForcibly(); // SIGKILL on Linux
                        break;
                    }
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            assertTrue(!printed.isEmpty(), "child printed nothing; see " + expt.resolve("child.err"));

            JsonNode status = Files2.status(expt, "crash");
            assertEquals("crash", status.get("experiment_name").asText(), "seed " + seed);
            assertEquals("running", status.get("status").asText());

            List<String> lines = Files2.lines(Files2.onlyLog(expt));
            int at = 0;
            for (long n : printed) {
                String wanted = " - INFO - line " + n;
                while (at < lines.size() && !lines.get(at).endsWith(wanted)) {
                    at++;
                }
                assertTrue(
                        at < lines.size(),
                        "line " + n + " printed by the child is missing from the log or out of" + " order (run " + run
                                + ", killed after " + killAfter + ", seed " + seed + ")");
            }
        }
    }

    @Test
    void aJvmThatExitsWithoutClosingMarksTheRunInterrupted() throws Exception {
        Path expt = root.resolve("exit");
        Process child = start(expt, "exit");
        child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        JsonNode status = Files2.status(expt, "crash");
        assertEquals("interrupted", status.get("status").asText(), status.toString());
        assertTrue(Files2.text(Files2.onlyLog(expt)).contains("shutting down"));
    }

    private static Process start(Path expt, String mode) throws IOException {
        java.nio.file.Files.createDirectories(expt);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlabwatch.core.echo=false",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                expt.toString()));
        if (mode != null) {
            cmd.add(mode);
        }
        return new ProcessBuilder(cmd)
                .redirectError(new File(expt.resolve("child.err").toString()))
                .start();
    }
}

package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's {@code ./labwatch --demo --background} then {@code ./labwatch stop}, on the built distribution. */
class LauncherIT {

    private static final Path REPO = Path.of(System.getProperty("labwatch.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern COMPLETED = Pattern.compile("\"status\"\\s*:\\s*\"completed\"");

    @TempDir
    Path work;

    private int httpPort;

    @Test
    void demoInTheBackgroundThenStop() throws Exception {
        httpPort = Conditions.freePort();
        Path dataDir = work.resolve("data");

        Run start = launcher("start.log", "--demo", "--background", "--port", Integer.toString(httpPort),
                "--data-dir", dataDir.toString(), "--step-seconds", "0.2");
        assertEquals(0, start.exitCode, start.output);
        assertTrue(start.output.contains("server up at http://"), start.output);
        assertEquals(200, Conditions.get(httpPort, "/api/health").statusCode());

        Path status = dataDir.resolve("monitoring/status/demo_calibration_status.json");
        Conditions.await("the demo to complete", Duration.ofSeconds(60),
                () -> Files.exists(status) && COMPLETED.matcher(read(status)).find() ? status : null,
                () -> Files.exists(status) ? read(status) : "no " + status);

        Run stop = launcher("stop.log", "stop");
        assertEquals(0, stop.exitCode, stop.output);
        assertTrue(stop.output.contains("server stopped"), stop.output);
        assertEquals(null, Conditions.get(httpPort, "/api/health"), "HTTP still answers after ./labwatch stop");
    }

    @AfterEach
    void stopLeftovers() throws Exception {
        Path pidFile = work.resolve("server/karaf.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(p -> {
                p.destroy();
                p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
                p.destroyForcibly();
            });
        }
    }

    private record Run(int exitCode, String output) {
    }

    private Run launcher(String logName, String... args) throws IOException, InterruptedException {
        Path log = work.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(concat(REPO.resolve("labwatch").toString(), args))
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LABWATCH_SERVER_DIR", work.resolve("server").toString());
        builder.environment().put("ORG_APACHE_KARAF_SHELL_SSHPORT", Integer.toString(Conditions.freePort()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./labwatch " + String.join(" ", args) + " did not return:\n" + read(log));
        }
        return new Run(process.exitValue(), read(log));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One boot of the distribution with the demo enabled; every test looks at it from outside. */
class ServerIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Pattern COMPLETED = Pattern.compile("\"status\"\\s*:\\s*\"completed\"");

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static HttpResponse<String> firstHealthy;
    static long bootMillis;

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("lab data");
        server.writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
        server.writeEtc(
                "org.labwatch.demo.cfg",
                "enabled = true\ndataDir = " + dataDir + "\nstepSeconds = 0.2\nrunId = itest\n");
        long start = System.nanoTime();
        server.start();
        firstHealthy = server.awaitHealthy(BOOT);
        bootMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("labwatch distribution: /api/health 200 after " + bootMillis + " ms");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthSaysUpWithEveryServiceAsJson() {
        assertEquals(
                "application/json",
                firstHealthy.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        String body = firstHealthy.body();
        assertTrue(body.contains("\"status\":\"UP\""), body);
        assertTrue(body.contains("\"monitor_factory\":true"), body);
        assertTrue(body.matches(".*\"log_sinks\":[1-9].*"), body);
        assertTrue(body.contains("\"status_store\":true"), body);
        assertTrue(body.contains("\"plot_store\":true"), body);
        assertTrue(bootMillis < 30_000, "boot to health 200 took " + bootMillis + " ms");
    }

    @Test
    void labwatchFeaturesAreInstalledAndStarted() throws IOException {
        String log = Files.readString(server.karafLog());
        assertTrue(
                Pattern.compile("Adding features: .*\\blabwatch/\\[")
                        .matcher(log)
                        .find(),
                "karaf.log does not show the labwatch boot feature being added:\n" + server.tailOfLog());
        for (String bundle : List.of(
                "org.labwatch.api",
                "org.labwatch.core",
                "org.labwatch.logsink",
                "org.labwatch.status",
                "org.labwatch.plots",
                "org.labwatch.web",
                "org.labwatch.shell",
                "org.labwatch.demo")) {
            assertTrue(log.contains("  " + bundle + "/"), bundle + " was not installed:\n" + server.tailOfLog());
        }
        assertTrue(
                Pattern.compile("\\| ERROR \\|")
                        .matcher(log)
                        .results()
                        .findAny()
                        .isEmpty(),
                "karaf.log has errors:\n" + server.tailOfLog());
    }

    @Test
    void demoRunsInsideTheContainerToCompletion() {
        Path status = dataDir.resolve("monitoring/status/demo_calibration_status.json");
        Conditions.await(
                "the demo's status file to say completed",
                Duration.ofSeconds(60),
                () -> Files.exists(status) && COMPLETED.matcher(read(status)).find() ? status : null,
                () -> Files.exists(status) ? read(status) : "no " + status);
        try (var logs = Files.list(dataDir.resolve("monitoring/logs"))) {
            Path log = logs.filter(p -> p.getFileName().toString().startsWith("demo_calibration_"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(read(log).contains("All experiments completed successfully!"), read(log));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.exists(dataDir.resolve("monitoring/plots/readout_optimization.png")));
    }

    @Test
    void onlyHttpListensBeyondLoopback() {
        ProcessHandle jvm = server.jvm().orElseThrow(() -> new AssertionError("no Karaf JVM under bin/karaf"));
        // SSH starts asynchronously after HTTP; once it listens, every port Karaf opens at boot is open.
        List<ListeningSockets.Listener> listeners = Conditions.await(
                "SSH to listen on port " + server.sshPort,
                Duration.ofSeconds(20),
                () -> {
                    List<ListeningSockets.Listener> now = listeners(jvm);
                    return now.stream().anyMatch(l -> l.port() == server.sshPort) ? now : null;
                },
                () -> listeners(jvm).toString());
        List<ListeningSockets.Listener> exposed =
                listeners.stream().filter(l -> !l.address().isLoopbackAddress()).toList();
        assertEquals(1, exposed.size(), "listening beyond loopback: " + exposed + " (all: " + listeners + ")");
        assertEquals(server.httpPort, exposed.get(0).port(), "all: " + listeners);
    }

    private static List<ListeningSockets.Listener> listeners(ProcessHandle jvm) {
        try {
            return ListeningSockets.of(jvm.pid());
        } catch (IOException e) {
            throw new AssertionError("cannot read the sockets of pid " + jvm.pid(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code ./labwatch --demo --background}, another {@code ./labwatch --demo} while it
 * runs, then {@code ./labwatch stop}, on the built distribution; and the launcher refusing to start
 * a server whose ports are taken.
 */
class LauncherIT {

    private static final Path REPO =
            Path.of(System.getProperty("labwatch.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern COMPLETED = Pattern.compile("\"status\"\\s*:\\s*\"completed\"");
    private static final Pattern START_TIME = Pattern.compile("\"start_time\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path work;

    private int httpPort;

    @Test
    void demoInTheBackgroundAnotherDemoInTheRunningServerThenStop() throws Exception {
        httpPort = Conditions.freePort();
        int sshPort = Conditions.freePort();
        Path dataDir = work.resolve("data");
        // A server dir an earlier launcher left: its web settings held the directories and a threshold.
        Path etc = Files.createDirectories(work.resolve("server/etc"));
        Files.writeString(
                etc.resolve("org.labwatch.web.cfg"),
                "dataDir = /an/earlier/dir\nstaleAfterSeconds = 7\n" + "pageSize = 50\n");

        Run start = launcher(
                "start.log",
                "--demo",
                "--background",
                "--port",
                Integer.toString(httpPort),
                "--ssh-port",
                Integer.toString(sshPort),
                "--data-dir",
                dataDir.toString(),
                "--step-seconds",
                "0.2");
        assertEquals(0, start.exitCode, start.output);
        assertTrue(start.output.contains("server up at http://"), start.output);
        assertEquals(200, Conditions.get(httpPort, "/api/health").statusCode());

        // --ssh-port reaches the file Karaf's SSH server reads, and the server listens there.
        assertTrue(
                Files.readAllLines(etc.resolve("org.apache.karaf.shell.cfg")).contains("sshPort = " + sshPort),
                read(etc.resolve("org.apache.karaf.shell.cfg")));
        long karaf = Long.parseLong(
                Files.readString(work.resolve("server/karaf.pid")).trim());
        Conditions.await(
                "Karaf's SSH server on 127.0.0.1:" + sshPort,
                Duration.ofSeconds(30),
                () -> listeners(karaf).contains("127.0.0.1:" + sshPort) ? sshPort : null,
                () -> listeners(karaf));

        // The README's auth example edits lines that must be in the file the launcher wrote.
        List<String> web = Files.readAllLines(etc.resolve("org.labwatch.web.cfg"));
        List<String> index = Files.readAllLines(etc.resolve("org.labwatch.index.cfg"));
        assertTrue(index.contains("dataDir = " + dataDir), String.join("\n", index));
        assertTrue(
                index.contains("#staleAfterSeconds = 30"),
                "the index's defaults, commented:\n" + String.join("\n", index));
        // The earlier web settings moved: the threshold kept, the directory the flag's, nothing left in two places.
        assertTrue(index.contains("staleAfterSeconds = 7"), String.join("\n", index));
        assertTrue(
                web.contains("pageSize = 50")
                        && web.stream().noneMatch(l -> l.startsWith("dataDir") || l.startsWith("staleAfterSeconds")),
                "moved out of the web file:\n" + String.join("\n", web));
        assertTrue(
                web.contains("#auth = basic") && web.contains("#realm = karaf") && web.contains("#role = viewer"),
                "the commented auth lines:\n" + String.join("\n", web));

        Path status = dataDir.resolve("monitoring/status/demo_calibration_status.json");
        awaitCompleted(status);
        String firstStart = startTime(status);

        // A second --demo is not "already running": the running server starts a new run.
        Run again = launcher("again.log", "--demo", "--step-seconds", "5");
        assertEquals(0, again.exitCode, again.output);
        assertTrue(
                again.output.contains("a server is already running (pid " + karaf
                        + "); started a new demo run 'demo_calibration' in it"),
                again.output);
        assertFalse(again.output.contains("stopped first"), "the first run had completed: " + again.output);
        assertTrue(again.output.contains("cat " + status), again.output);
        Path secondLog = namedLog(again);
        assertTrue(Files.isRegularFile(secondLog), "the log the launcher names exists: " + secondLog);
        String secondStart = startTime(status);
        assertNotEquals(firstStart, secondStart, "a new run: the status file has a new start_time");

        // A third while the second (50 s) still runs: one demo at a time, the second is stopped.
        Run third = launcher("third.log", "--demo", "--step-seconds", "0.2");
        assertEquals(0, third.exitCode, third.output);
        assertTrue(
                third.output.contains("the demo run that was still going was stopped first (marked interrupted"),
                third.output);
        assertNotEquals(secondStart, startTime(status), "a new run again");
        assertTrue(read(secondLog).contains("marked interrupted"), read(secondLog));
        Path thirdLog = namedLog(third);
        awaitCompleted(status);
        assertTrue(read(thirdLog).contains(" - INFO - "), read(thirdLog));
        try (Stream<Path> logs = Files.list(dataDir.resolve("monitoring/logs"));
                Stream<Path> kept = Files.list(dataDir.resolve("monitoring/status"))) {
            // Not 3: log names have whole seconds, and the third run may start in the second's second.
            assertTrue(
                    logs.filter(p -> p.getFileName().toString().startsWith("demo_calibration_"))
                                    .count()
                            >= 2,
                    "a log per demo run");
            assertEquals(
                    2,
                    kept.filter(p -> p.getFileName().toString().matches("demo_calibration_\\d{8}_\\d{6}_status\\.json"))
                            .count(),
                    "the earlier runs' status files are kept");
        }
        assertEquals(200, Conditions.get(httpPort, "/api/health").statusCode(), "the same server still answers");

        Run stop = launcher("stop.log", "stop");
        assertEquals(0, stop.exitCode, stop.output);
        assertTrue(stop.output.contains("server stopped"), stop.output);
        assertEquals(null, Conditions.get(httpPort, "/api/health"), "HTTP still answers after ./labwatch stop");
    }

    /** Input: the SSH port held by another program on 127.0.0.1, as a second distribution's Karaf holds 8101. */
    @Test
    void aTakenSshPortStopsTheLauncherBeforeKarafStarts() throws Exception {
        httpPort = Conditions.freePort();
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int taken = other.getLocalPort();
            Run run = launcher(
                    "ssh-taken.log",
                    "--background",
                    "--port",
                    Integer.toString(httpPort),
                    "--ssh-port",
                    Integer.toString(taken),
                    "--data-dir",
                    work.resolve("data").toString());
            assertEquals(1, run.exitCode, run.output);
            // Named when ss can see it (this JVM holds the port); a launcher without ss cannot say by what.
            assertTrue(
                    run.output.contains("the SSH port " + taken + " is taken (127.0.0.1:" + taken + ", by java (pid "
                                    + ProcessHandle.current().pid()
                                    + ")): this server would start without its SSH shell")
                            || run.output.contains("the SSH port " + taken + " is taken (127.0.0.1:" + taken
                                    + ", by another program)"),
                    run.output);
            assertTrue(run.output.contains("choose another one with --ssh-port N"), run.output);
        }
        assertFalse(Files.exists(work.resolve("server/karaf.pid")), "no Karaf was started");
        assertEquals(null, Conditions.get(httpPort, "/api/health"), "nothing answers HTTP");
    }

    /** Input: the HTTP port held by another program on every interface. */
    @Test
    void aTakenHttpPortStopsTheLauncherBeforeKarafStarts() throws Exception {
        try (ServerSocket other = new ServerSocket(0)) {
            int taken = other.getLocalPort();
            Run run = launcher(
                    "http-taken.log",
                    "--background",
                    "--port",
                    Integer.toString(taken),
                    "--ssh-port",
                    Integer.toString(Conditions.freePort()),
                    "--data-dir",
                    work.resolve("data").toString());
            assertEquals(1, run.exitCode, run.output);
            assertTrue(run.output.contains("the HTTP port " + taken + " is taken"), run.output);
            assertTrue(run.output.contains("choose another one with --port N"), run.output);
        }
        assertFalse(Files.exists(work.resolve("server/karaf.pid")), "no Karaf was started");
    }

    private static void awaitCompleted(Path status) {
        Conditions.await(
                "the demo to complete",
                Duration.ofSeconds(60),
                () -> Files.exists(status) && COMPLETED.matcher(read(status)).find() ? status : null,
                () -> Files.exists(status) ? read(status) : "no " + status);
    }

    /** The log file of the run a {@code ./labwatch --demo} on a running server says it started. */
    private static Path namedLog(Run run) {
        Matcher tail = Pattern.compile("tail -f (\\S+\\.log)").matcher(run.output);
        assertTrue(tail.find(), run.output);
        return Path.of(tail.group(1));
    }

    private static String startTime(Path status) {
        Matcher m = START_TIME.matcher(read(status));
        assertTrue(m.find(), read(status));
        return m.group(1);
    }

    private static String listeners(long pid) {
        try {
            return ListeningSockets.of(pid).toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @AfterEach
    void stopLeftovers() throws Exception {
        Launcher.stopServer(work.resolve("server"));
    }

    private record Run(int exitCode, String output) {}

    private Run launcher(String logName, String... args) throws IOException, InterruptedException {
        Path log = work.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(
                        concat(REPO.resolve("labwatch").toString(), args))
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LABWATCH_SERVER_DIR", work.resolve("server").toString());
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

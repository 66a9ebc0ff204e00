package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers from one checkout, as a lab runs a second node beside the first: {@code ./labwatch
 * --instance DIR} gives each its own etc/, data/, karaf.pid and ports, and {@code stop} and {@code
 * token} act on the instance they name, whether {@code --instance} comes before or after the
 * command word. The launcher's refusals of bad instance and database input need no server.
 */
class LauncherInstancesIT {

    private static final Duration BOOT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private final List<Path> instances = new java.util.ArrayList<>();

    @Test
    void twoInstancesSideBySideEachStoppedAndGivenTokensByName() throws Exception {
        Launcher launcher = Launcher.from(work, work.resolve("launcher-logs"));
        int[] ports = distinctFreePorts(4);
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        instances.addAll(List.of(first, second));

        Launcher.Run startFirst = launcher.run(
                "start-first.log",
                "--instance",
                first.toString(),
                "--background",
                "--port",
                Integer.toString(ports[0]),
                "--ssh-port",
                Integer.toString(ports[1]),
                "--data-dir",
                work.resolve("data-first").toString());
        assertEquals(0, startFirst.exitCode(), startFirst.output());
        // Relative, after the flags: relative to the directory ./labwatch is called from.
        Launcher.Run startSecond = launcher.run(
                "start-second.log",
                "--background",
                "--port",
                Integer.toString(ports[2]),
                "--ssh-port",
                Integer.toString(ports[3]),
                "--data-dir",
                "data-second",
                "--instance",
                "second");
        assertEquals(0, startSecond.exitCode(), startSecond.output());
        assertTrue(
                startSecond.output().contains("stop it with ./labwatch --instance " + second + " stop"),
                startSecond.output());

        assertEquals(200, Conditions.get(ports[0], "/api/health").statusCode(), "the first server");
        assertEquals(200, Conditions.get(ports[2], "/api/health").statusCode(), "the second server");
        long firstPid = pid(first);
        long secondPid = pid(second);
        assertNotEquals(firstPid, secondPid);
        // Each JVM is its own instance's Karaf, listening on its own ports.
        assertEquals(first.toRealPath(), karafBase(firstPid), "karaf.base of pid " + firstPid);
        assertEquals(second.toRealPath(), karafBase(secondPid), "karaf.base of pid " + secondPid);
        awaitListening(firstPid, ports[0], ports[1]);
        awaitListening(secondPid, ports[2], ports[3]);
        assertTrue(Files.readAllLines(second.resolve("etc/org.labwatch.index.cfg"))
                .contains("dataDir = " + work.resolve("data-second")));
        assertTrue(Files.isRegularFile(first.resolve("data/log/karaf.log")));
        assertTrue(Files.isRegularFile(second.resolve("data/log/karaf.log")));

        // A token made for the second instance (flag after the command word) is its alone.
        String token = launcher.addToken("fridge", "--instance", second.toString());
        assertTrue(
                Files.readString(second.resolve("etc/org.labwatch.ingest.tokens"))
                        .startsWith("fridge=sha256:"),
                "the second instance's token file");
        assertFalse(Files.exists(first.resolve("etc/org.labwatch.ingest.tokens")), "the first has no token file");
        Conditions.await(
                "the second server to take the new token",
                Duration.ofSeconds(30),
                () -> Conditions.status(ports[2], "/api/ingest/v1/", token) == 200 ? true : null,
                () -> "answers " + Conditions.status(ports[2], "/api/ingest/v1/", token));
        assertEquals(401, Conditions.status(ports[0], "/api/ingest/v1/", token), "the first refuses it");
        Launcher.Run listed = launcher.run("token-list-first.log", "--instance", first.toString(), "token", "list");
        assertFalse(listed.output().contains("fridge"), listed.output());

        // Stopping the second leaves the first running.
        Launcher.Run stopSecond = launcher.run("stop-second.log", "stop", "--instance", "second");
        assertEquals(0, stopSecond.exitCode(), stopSecond.output());
        assertTrue(stopSecond.output().contains("server stopped (pid " + secondPid), stopSecond.output());
        assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false), "the second JVM ended");
        assertNull(Conditions.get(ports[2], "/api/health"), "the second server still answers");
        assertTrue(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false), "the first JVM ended too");
        assertEquals(200, Conditions.get(ports[0], "/api/health").statusCode(), "the first server still answers");

        Launcher.Run stopFirst = launcher.run("stop-first.log", "--instance", first.toString(), "stop");
        assertEquals(0, stopFirst.exitCode(), stopFirst.output());
        assertTrue(stopFirst.output().contains("server stopped (pid " + firstPid), stopFirst.output());
        assertNull(Conditions.get(ports[0], "/api/health"), "the first server still answers");
    }

    /**
     * Inputs: a directory of something else as --instance; database flags with a URL of another
     * kind, without a user, with a missing and an empty password file; db upgrade and import on
     * an instance that has no database. Each is refused with what is wrong, before anything runs.
     */
    @Test
    void badInstanceAndDatabaseInputIsRefusedSayingWhatIsWrong() throws Exception {
        Launcher launcher = Launcher.from(work, work.resolve("launcher-logs"));
        String port = Integer.toString(Conditions.freePort());
        String sshPort = Integer.toString(Conditions.freePort());

        Path notes = Files.createDirectories(work.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "calibrate the fridge\n");
        Launcher.Run foreign =
                launcher.run("foreign.log", "--instance", notes.toString(), "--port", port, "--ssh-port", sshPort);
        assertEquals(2, foreign.exitCode(), foreign.output());
        assertTrue(
                foreign.output()
                        .contains(notes + " holds other things (todo.txt), so it is no labwatch server directory"),
                foreign.output());
        assertEquals(List.of("todo.txt"), list(notes), "the directory is as it was");
        assertEquals("calibrate the fridge\n", Files.readString(notes.resolve("todo.txt")));

        Path password = Files.writeString(work.resolve("db-password"), "s3cret\n");
        Path empty = Files.writeString(work.resolve("empty-password"), "");
        Path instance = work.resolve("node");
        String[][] inputs = {
            {"--jdbc-url", "jdbc:mysql://db/labwatch", "--db-user", "lab", "--db-password-file", password.toString()},
            {"--jdbc-url", "jdbc:postgresql://db/labwatch", "--db-password-file", password.toString()},
            {"--jdbc-url", "jdbc:postgresql://db/labwatch", "--db-user", "lab", "--db-password-file", "missing"},
            {"--jdbc-url", "jdbc:postgresql://db/labwatch", "--db-user", "lab", "--db-password-file", empty.toString()},
        };
        String[] said = {
            "--jdbc-url must start with jdbc:postgresql:// (e.g. jdbc:postgresql://dbhost:5432/labwatch), not 'jdbc:mysql://db/labwatch'",
            "a database needs --jdbc-url, --db-user and --db-password-file together; missing: --db-user USER",
            "--db-password-file " + work.resolve("missing") + ": no such file",
            "--db-password-file " + empty + " is empty",
        };
        for (int i = 0; i < inputs.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("--instance", "node", "--port", port));
            args.addAll(List.of(inputs[i]));
            Launcher.Run run = launcher.run("db-flags-" + i + ".log", args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.output());
            assertTrue(run.output().contains(said[i]), "input " + args + " said:\n" + run.output());
        }
        assertFalse(Files.exists(instance), "nothing was unpacked for refused flags");

        for (String[] command : new String[][] {{"db", "upgrade"}, {"import", work.toString()}}) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--instance", instance.toString()));
            Launcher.Run run = launcher.run(command[0] + "-without-database.log", args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.output());
            assertTrue(
                    run.output().contains("the server in " + instance + " has no database configured")
                            && run.output()
                                    .contains("start it once with ./labwatch --instance " + instance
                                            + " --jdbc-url URL --db-user USER --db-password-file FILE"),
                    String.join(" ", args) + " said:\n" + run.output());
        }
    }

    private static long pid(Path instance) throws IOException {
        return Long.parseLong(Files.readString(instance.resolve("karaf.pid")).trim());
    }

    /** The -Dkaraf.base= of a JVM's command line. */
    private static Path karafBase(long pid) throws IOException {
        for (String arg : Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                .split("\0")) {
            if (arg.startsWith("-Dkaraf.base=")) {
                return Path.of(arg.substring("-Dkaraf.base=".length())).toRealPath();
            }
        }
        throw new AssertionError("no -Dkaraf.base in the command line of pid " + pid);
    }

    private static void awaitListening(long pid, int httpPort, int sshPort) {
        Conditions.await(
                "pid " + pid + " listening on HTTP " + httpPort + " and SSH " + sshPort,
                BOOT,
                () -> {
                    String listening = listeners(pid);
                    return listening.contains(":" + httpPort) && listening.contains("127.0.0.1:" + sshPort)
                            ? listening
                            : null;
                },
                () -> listeners(pid));
    }

    private static String listeners(long pid) {
        try {
            return ListeningSockets.of(pid).toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int[] distinctFreePorts(int count) throws IOException {
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < count) {
            ports.add(Conditions.freePort());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> list(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @AfterEach
    void stopLeftovers() throws IOException {
        for (Path instance : instances) {
            Launcher.stopServer(instance);
        }
    }
}

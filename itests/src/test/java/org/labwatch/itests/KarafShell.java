package org.labwatch.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Karaf shell commands through {@code bin/client}, as an operator types them over SSH.
 *
 * <p>Commands go in on standard input in batch mode ({@code -b}). Given as an argument instead
 * (an SSH exec channel), Karaf 4.4.10 printed nothing whenever the client's standard input was
 * already at end of file (measured: the same command prints when stdin stays open), which is the
 * case for every process a test starts.
 */
final class KarafShell {

    static final String USER = "tester";
    static final String PASSWORD = "it-secret";

    private static final AtomicLong CALLS = new AtomicLong();

    private final Path karafHome;
    private final int sshPort;

    KarafShell(Path karafHome, int sshPort) {
        this.karafHome = karafHome;
        this.sshPort = sshPort;
    }

    /**
     * An SSH user for the tests in {@code etc/users.properties}, written before the container starts:
     * the distributions ship without any user.
     */
    static void addTestUser(Path karafHome) throws IOException {
        Files.writeString(
                karafHome.resolve("etc/users.properties"),
                "\n" + USER + " = " + PASSWORD + ",_g_:admingroup\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Output of the commands, run in one session; fails when the client does not finish in time.
     * A session the client could not open (seen once on a loaded machine: "Failed to get the
     * session") is tried again, up to three times; the commands the tests send may run twice.
     */
    String run(String... commands) {
        String out = runOnce(commands);
        for (int attempt = 2; attempt <= 3 && out.contains("Failed to get the session"); attempt++) {
            out = runOnce(commands);
        }
        return out;
    }

    private String runOnce(String... commands) {
        Path log = karafHome.resolveSibling("client-" + CALLS.incrementAndGet() + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            karafHome.resolve("bin/client").toString(),
                            "-a",
                            Integer.toString(sshPort),
                            "-h",
                            "127.0.0.1",
                            "-u",
                            USER,
                            "-p",
                            PASSWORD,
                            "-r",
                            "10",
                            "-d",
                            "1",
                            "-b")
                    .directory(karafHome.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process client = builder.start();
            try (OutputStream in = client.getOutputStream()) {
                in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new AssertionError(
                        "bin/client did not finish " + List.of(commands) + ":\n" + Files.readString(log));
            }
            // Colours (grep highlights, log:display levels) would only get in the way of matching.
            return Files.readString(log).replaceAll("\u001B\\[[;\\d]*m", "");
        } catch (IOException e) {
            throw new AssertionError("bin/client " + List.of(commands) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs the commands until their output contains {@code expected}. */
    String awaitOutput(String expected, Duration timeout, String... commands) {
        String[] last = {""};
        return Conditions.await(
                "'" + expected + "' in the output of " + List.of(commands),
                timeout,
                () -> {
                    last[0] = run(commands);
                    return last[0].contains(expected) ? last[0] : null;
                },
                () -> last[0]);
    }
}

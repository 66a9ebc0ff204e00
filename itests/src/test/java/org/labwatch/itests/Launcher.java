package org.labwatch.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code ./labwatch} run against a server directory of a test's own
 * ({@code LABWATCH_SERVER_DIR}), as {@link LauncherIT} runs it: output to a file, no input. Or,
 * made with {@link #from}, run from a directory of the test's own with no server directory set,
 * so that each command names its instance with {@code --instance} as a user does.
 */
final class Launcher {

    static final Path REPO =
            Path.of(System.getProperty("labwatch.repo", "..")).toAbsolutePath().normalize();

    record Run(int exitCode, String output) {
        /** The last non-empty line, e.g. the token {@code token add} prints. */
        String lastLine() {
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        }
    }

    private final Path serverDir;
    private final Path logs;
    private final Path callerDir;

    Launcher(Path serverDir, Path logs) {
        this(serverDir, logs, REPO);
    }

    private Launcher(Path serverDir, Path logs, Path callerDir) {
        this.serverDir = serverDir;
        this.logs = logs;
        this.callerDir = callerDir;
    }

    /** Runs {@code ./labwatch} with {@code callerDir} as its working directory and no {@code LABWATCH_SERVER_DIR}. */
    static Launcher from(Path callerDir, Path logs) {
        return new Launcher(null, logs, callerDir);
    }

    Run run(String logName, String... args) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = logs.resolve(logName);
        List<String> command = new ArrayList<>(List.of(REPO.resolve("labwatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(callerDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (serverDir == null) {
            builder.environment().remove("LABWATCH_SERVER_DIR");
        } else {
            builder.environment().put("LABWATCH_SERVER_DIR", serverDir.toString());
        }
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./labwatch " + String.join(" ", args) + " did not return:\n" + read(log));
        }
        return new Run(process.exitValue(), read(log));
    }

    /** {@code ./labwatch token add NAME}: the token (its output's last line); fails when it did not exit 0. */
    String addToken(String source, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("token", "add", source));
        args.addAll(List.of(more));
        Run run = run("token-add-" + source + ".log", args.toArray(String[]::new));
        if (run.exitCode() != 0 || !run.lastLine().matches("[A-Za-z0-9_-]{20,}")) {
            throw new AssertionError(
                    "./labwatch " + String.join(" ", args) + " exited " + run.exitCode() + ":\n" + run.output());
        }
        return run.lastLine();
    }

    /**
     * Stops the Karaf whose pid {@code ./labwatch start} left in {@code serverDir}'s karaf.pid (a
     * server or an instance directory): SIGTERM, then SIGKILL after 20 s. Nothing when there is no
     * such file or no number in it: what a test leaves behind when it fails half-way.
     */
    static void stopServer(Path serverDir) throws IOException {
        Path pidFile = serverDir.resolve("karaf.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        if (!pid.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
            p.destroy();
            p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
            p.destroyForcibly();
        });
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

package org.labwatch.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code ./labwatch} run against a server directory of a test's own
 * ({@code LABWATCH_SERVER_DIR}), as {@link LauncherIT} runs it: output to a file, no input.
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

    Launcher(Path serverDir, Path logs) {
        this.serverDir = serverDir;
        this.logs = logs;
    }

    Run run(String logName, String... args) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = logs.resolve(logName);
        List<String> command = new ArrayList<>(List.of(REPO.resolve("labwatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LABWATCH_SERVER_DIR", serverDir.toString());
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
    String addToken(String source) throws IOException, InterruptedException {
        Run run = run("token-add-" + source + ".log", "token", "add", source);
        if (run.exitCode() != 0 || !run.lastLine().matches("[A-Za-z0-9_-]{20,}")) {
            throw new AssertionError(
                    "./labwatch token add " + source + " exited " + run.exitCode() + ":\n" + run.output());
        }
        return run.lastLine();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

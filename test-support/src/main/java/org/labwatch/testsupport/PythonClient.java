package org.labwatch.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts against the repository's Python client (clients/python) from a Java test:
 * {@code python3} from the PATH, {@code PYTHONPATH} set to the client, no bytecode written beside
 * it, a timeout. A script that fails, hangs or has no python3 to run it fails the test with what
 * it printed; tests that compare the two clients must not pass quietly without Python.
 *
 * <pre>{@code
 * String out = PythonClient.run("to write the status the store must read", script, dir.toString());
 * }</pre>
 */
public final class PythonClient {

    /** The Python client, from the working directory of any module of the reactor. */
    public static final Path CLIENT =
            Path.of("..", "clients", "python").toAbsolutePath().normalize();

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PythonClient() {}

    /** python3 from the PATH, if there is one. */
    public static Optional<String> findPython3() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, "python3").canExecute()) {
                return Optional.of(new File(dir, "python3").getPath());
            }
        }
        return Optional.empty();
    }

    /** python3 from the PATH; its absence fails saying what the test needed it for. */
    public static String python3(String why) {
        return findPython3()
                .orElseThrow(() -> new AssertionError("python3 is not on the PATH (" + System.getenv("PATH")
                        + "): this test runs the Python client in clients/python " + why
                        + "; install python3"));
    }

    /**
     * Runs {@code script} with {@code args} and the client on the {@code PYTHONPATH}; returns
     * what it printed (stdout and stderr, also kept beside the script as {@code python.out}).
     *
     * @param why what the test runs Python for, said when python3 is missing
     */
    public static String run(String why, Path script, String... args) throws IOException, InterruptedException {
        String python = python3(why);
        if (!Files.isRegularFile(CLIENT.resolve("persistent_monitoring.py"))) {
            throw new AssertionError("the Python client is not at " + CLIENT);
        }
        List<String> command = new ArrayList<>();
        command.add(python);
        command.add(script.toString());
        command.addAll(List.of(args));
        Path out = script.resolveSibling("python.out");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("PYTHONPATH", CLIENT.toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = builder.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    python + " did not finish in " + TIMEOUT.toSeconds() + " s:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    python + " " + script.getFileName() + " exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }

    /** The last line {@code output} holds, stripped. */
    public static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}

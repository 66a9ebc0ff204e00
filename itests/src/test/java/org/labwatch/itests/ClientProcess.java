package org.labwatch.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@link RemoteClientMain} experiment as a JVM of its own, with the environment a lab sets for
 * shipping ({@code LABWATCH_SERVER}, {@code LABWATCH_TOKEN}). Its experiment directory is
 * {@code <work>/clients/<source>/<root>} (so the root is named {@code root}), its outputs are next
 * to it in {@code <root>.out/}.
 */
class ClientProcess implements AutoCloseable {

    final String source;
    final String root;
    final String name;
    final int lines;
    final Plan plan;
    final Path exptDir;
    final Path out;
    private final Process process;

    ClientProcess(String source, String root, String name, Plan plan, Path exptDir, Path out, Process process) {
        this.source = source;
        this.root = root;
        this.name = name;
        this.lines = plan.lines();
        this.plan = plan;
        this.exptDir = exptDir;
        this.out = out;
        this.process = process;
    }

    /** What a run looks like: so many lines, so far apart, with so many steps and plots. */
    record Plan(int lines, long intervalMs, int steps, int plots) {}

    static ClientProcess start(
            Path work, String source, String root, String name, Plan plan, String serverUrl, String token)
            throws IOException {
        Path exptDir = exptDir(work, source, root);
        Path out = outDir(exptDir);
        Map<String, String> env = new HashMap<>();
        env.put("LABWATCH_SERVER", serverUrl);
        env.put("LABWATCH_TOKEN", token);
        Process process = launch(command(exptDir, name, plan, out), exptDir, env);
        return new ClientProcess(source, root, name, plan, exptDir, out, process);
    }

    /**
     * The same experiment writing into {@code exptDir} alone, shipping nowhere (a run to copy into a
     * database later); its source and root are named after the directory.
     */
    static ClientProcess startUnshipped(Path exptDir, String name, Plan plan) throws IOException {
        Path out = outDir(exptDir);
        Process process = launch(command(exptDir, name, plan, out), exptDir, Map.of());
        return new ClientProcess("local", exptDir.getFileName().toString(), name, plan, exptDir, out, process);
    }

    /** The {@link RemoteClientMain} JVM's command line. */
    private static List<String> command(Path exptDir, String name, Plan plan, Path out) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlabwatch.core.progressConsole=off",
                "-cp",
                testClassPath(),
                RemoteClientMain.class.getName(),
                exptDir.toString(),
                name,
                Integer.toString(plan.lines()),
                Long.toString(plan.intervalMs()),
                Integer.toString(plan.steps()),
                Integer.toString(plan.plots()),
                out.toString());
    }

    /**
     * {@code ship <exptDir> --server <serverUrl> --token-file <tokenFile> --once --timeout 60} as a
     * lab runs it after a cut: the token written to {@code tokenFile}, the output to {@code log}.
     * Its exit code; fails, showing the output, when it has not returned within 90 s.
     */
    static int shipOnce(Path exptDir, String serverUrl, String token, Path tokenFile, Path log)
            throws IOException, InterruptedException {
        Files.writeString(tokenFile, token + "\n");
        Process ship = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        shipJar().toString(),
                        exptDir.toString(),
                        "--server",
                        serverUrl,
                        "--token-file",
                        tokenFile.toString(),
                        "--once",
                        "--timeout",
                        "60")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ship.getOutputStream().close();
        if (!ship.waitFor(90, TimeUnit.SECONDS)) {
            ship.destroyForcibly();
            throw new AssertionError("ship --once did not return: " + Launcher.read(log));
        }
        return ship.exitValue();
    }

    /** The shipper's jar: {@code -Dlabwatch.shipJar}, by default the ship module's build. */
    static Path shipJar() {
        Path jar = Path.of(System.getProperty("labwatch.shipJar", "../ship/target/labwatch-ship.jar"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no shipper jar at " + jar + ": build the ship module first");
        }
        return jar;
    }

    /** {@code <work>/clients/<source>/<root>}, its parent created. */
    static Path exptDir(Path work, String source, String root) throws IOException {
        return Files.createDirectories(work.resolve("clients").resolve(source)).resolve(root);
    }

    /** The outputs of the run in {@code exptDir}: {@code <root>.out/} beside it, created. */
    static Path outDir(Path exptDir) throws IOException {
        return Files.createDirectories(exptDir.resolveSibling(exptDir.getFileName() + ".out"));
    }

    /**
     * Starts {@code command} in the experiment directory's parent, its stdout and stderr to files in
     * {@link #outDir}, with no {@code LABWATCH_} or {@code IT_} variable of this JVM but those of
     * {@code env}; its stdin closed.
     */
    static Process launch(List<String> command, Path exptDir, Map<String, String> env) throws IOException {
        Path out = outDir(exptDir);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(exptDir.getParent().toFile())
                .redirectOutput(out.resolve("stdout.txt").toFile())
                .redirectError(out.resolve("stderr.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("LABWATCH_") || k.startsWith("IT_"));
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * This JVM's test class path: failsafe runs the tests from a manifest-only jar and names the
     * real class path in {@code surefire.test.class.path}.
     */
    static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        if (path == null || path.isBlank()) {
            path = System.getProperty("java.class.path");
        }
        return path;
    }

    Path monitoring() {
        return exptDir.resolve("monitoring");
    }

    /** Waits (up to 60 s) until the client logged line {@code lines}. */
    void awaitLines(int lines) {
        Conditions.await(
                "the client " + this + " to log line " + lines,
                Duration.ofSeconds(60),
                () -> linesLogged() >= lines ? true : null,
                this::describe);
    }

    /** The index of the last line logged so far (0 before the first). */
    int linesLogged() {
        try {
            String text = Files.readString(out.resolve("progress.txt")).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The run's log file (one per run), or null before it exists. */
    Path logFile() {
        Path logs = monitoring().resolve("logs");
        if (!Files.isDirectory(logs)) {
            return null;
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** A server's copy of the runs of {@code source} in {@code root}: under its data directory. */
    static Path serverMonitoring(Path dataDir, String source, String root) {
        return dataDir.resolve("remote").resolve(source).resolve(root).resolve("monitoring");
    }

    /** The server's copy of this client's log (named as the client's), or null before the client has one. */
    Path serverLog(Path dataDir) {
        Path mine = logFile();
        return mine == null
                ? null
                : serverMonitoring(dataDir, source, root)
                        .resolve("logs")
                        .resolve(mine.getFileName().toString());
    }

    /** The size of a file; 0 for null or a file not (yet) there. */
    static long size(Path file) {
        try {
            return file == null || !Files.exists(file) ? 0 : Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    long logSize() {
        Path log = logFile();
        try {
            return log == null ? 0 : Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the JVM to end; its exit code, or fails naming what it printed. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "the client of " + this + " did not end within " + timeout.toSeconds() + " s; " + describe());
        }
        return process.exitValue();
    }

    /** Every exception the client recorded (none is the only right answer); "" when none. */
    String exceptions() {
        Path file = out.resolve("exceptions.txt");
        return Files.exists(file) ? Launcher.read(file) : "(no exceptions.txt: the client did not finish)";
    }

    String stdout() {
        return Launcher.read(out.resolve("stdout.txt"));
    }

    String stderr() {
        return Launcher.read(out.resolve("stderr.txt"));
    }

    /** When each line was handed to {@code monitor.log}: line index to {@link System#nanoTime()}. */
    Map<Integer, Long> sentNanos() throws IOException {
        Map<Integer, Long> sent = new HashMap<>();
        for (String l : Files.readAllLines(out.resolve("sent.txt"))) {
            String[] parts = l.trim().split(" ");
            if (parts.length == 2) {
                sent.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        }
        return sent;
    }

    String describe() {
        return "client " + this + (process.isAlive() ? " running" : " exited " + process.exitValue())
                + ", lines logged " + linesLogged() + "/" + lines + "\nstderr:\n" + tail(stderr())
                + "\nstdout (tail):\n" + tail(stdout());
    }

    private static String tail(String text) {
        List<String> l = text.lines().toList();
        return String.join("\n", l.subList(Math.max(0, l.size() - 25), l.size()));
    }

    @Override
    public String toString() {
        return name + "@" + source + "." + root;
    }

    /** Kills a client a failed test left running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

package org.labwatch.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Our assembled distribution, unpacked into a directory and run as an external process on random
 * ports (written into its etc/ files and set through the environment), as a user runs it.
 */
final class Distribution implements AutoCloseable {

    final Path home;
    final int httpPort;
    final int sshPort;
    private Process process;

    private Distribution(Path home, int httpPort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    static Distribution unpack(Path into) throws IOException, InterruptedException {
        return unpack(
                Path.of(System.getProperty("labwatch.distribution", "target/distribution/labwatch-server.tar.gz")),
                into);
    }

    /** Any Karaf distribution archive, e.g. a stock Apache Karaf. */
    static Distribution unpack(Path archive, Path into) throws IOException, InterruptedException {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException(
                    "No distribution at " + archive.toAbsolutePath() + ": build the assembly module first");
        }
        Files.createDirectories(into);
        Process tar = new ProcessBuilder(
                        "tar",
                        "-xzf",
                        archive.toAbsolutePath().toString(),
                        "-C",
                        into.toString(),
                        "--strip-components=1")
                .redirectErrorStream(true)
                .redirectOutput(into.resolveSibling("tar.log").toFile())
                .start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("Unpacking " + archive + " failed; see " + into.resolveSibling("tar.log"));
        }
        return new Distribution(into, Conditions.freePort(), Conditions.freePort());
    }

    /** Waits for {@code GET /api/health} to answer 200; the failure shows the last answer and karaf.log's tail. */
    java.net.http.HttpResponse<String> awaitHealthy(Duration timeout) {
        return Conditions.await(
                "GET /api/health to answer 200",
                timeout,
                () -> {
                    java.net.http.HttpResponse<String> r = Conditions.get(httpPort, "/api/health");
                    return r != null && r.statusCode() == 200 ? r : null;
                },
                () -> Conditions.describe(Conditions.get(httpPort, "/api/health")) + "\nkaraf.log:\n" + tailOfLog());
    }

    /**
     * Waits for {@code GET path} (with a bearer token when given) to answer 200: each servlet
     * registers a moment after /api/health answers, and Pax Web answers 404 until it is there.
     */
    void awaitServed(String path, String token, Duration timeout) {
        Conditions.await(
                path + " to be served" + (token == null ? "" : " with a token"),
                timeout,
                () -> Conditions.status(httpPort, path, token) == 200 ? true : null,
                () -> path + " answers " + Conditions.status(httpPort, path, token) + "\nkaraf.log:\n" + tailOfLog());
    }

    /**
     * Starts with {@code dataDir} as the index's data directory and waits for /api/health, then
     * for each of {@code paths} (e.g. the dashboard page "/", which a browser test never reloads).
     */
    void startOn(Path dataDir, Duration timeout, String... paths) throws IOException {
        writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
        start();
        awaitHealthy(timeout);
        for (String path : paths) {
            awaitServed(path, null, timeout);
        }
    }

    void writeEtc(String fileName, String content) throws IOException {
        Files.writeString(home.resolve("etc").resolve(fileName), content);
    }

    Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    /**
     * Sets {@code key = value} in an {@code etc/} cfg file, replacing the line that sets it (a
     * commented one stays) or appending one; a file that does not exist is left alone.
     */
    void setEtcProperty(String fileName, String key, String value) throws IOException {
        Path file = home.resolve("etc").resolve(fileName);
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        java.util.regex.Pattern setting =
                java.util.regex.Pattern.compile("^\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*");
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (setting.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(file, lines);
    }

    /** {@code bin/karaf server}: foreground, no console; its output goes to a file (never inheritIO). */
    void start() throws IOException {
        // In the cfg files, not only in the environment: Karaf applies the environment overrides
        // through a configuration plugin that can start after the SSH server has taken its
        // configuration, which then listened on the file's 8101 (seen once in a clean-clone run).
        setEtcProperty("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort));
        setEtcProperty("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        int rmiRegistryPort = Conditions.freePort();
        int rmiServerPort = Conditions.freePort();
        setEtcProperty("org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(rmiRegistryPort));
        setEtcProperty("org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(rmiServerPort));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolveSibling("karaf-console.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("ORG_OPS4J_PAX_WEB_ORG_OSGI_SERVICE_HTTP_PORT", Integer.toString(httpPort));
        env.put("ORG_APACHE_KARAF_SHELL_SSHPORT", Integer.toString(sshPort));
        // Only a stock Karaf boots JMX; its fixed RMI ports would collide with a second container.
        env.put("ORG_APACHE_KARAF_MANAGEMENT_RMIREGISTRYPORT", Integer.toString(rmiRegistryPort));
        env.put("ORG_APACHE_KARAF_MANAGEMENT_RMISERVERPORT", Integer.toString(rmiServerPort));
        process = builder.start();
    }

    /** The JVM (bin/karaf is a script that starts it). */
    Optional<ProcessHandle> jvm() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(karafLog());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no karaf.log: " + e + ")";
        }
    }

    /**
     * Copies karaf.log and the experiments' files to {@code target/<name>/} after the container
     * stopped: the JUnit temp directory is deleted, and a failure is read from these.
     */
    void keepForReview(String name, Path dataDir) throws IOException {
        Path into = Path.of("target", name).toAbsolutePath();
        copyTree(home.resolve("data/log"), into.resolve("karaf-log"));
        Path console = home.resolveSibling("karaf-console.log");
        if (Files.exists(console)) {
            Files.copy(console, into.resolve("karaf-console.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (dataDir != null) {
            copyTree(dataDir, into.resolve("data"));
        }
    }

    /** Deletes {@code dir} and all in it; nothing when it is not there. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** SIGTERM lets Karaf's shutdown hook stop the framework; killed if it has not gone after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = process.descendants().toList();
        all.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle p : all) {
            p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
            p.destroyForcibly();
        }
        if (!process.waitFor(Duration.ofSeconds(5).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

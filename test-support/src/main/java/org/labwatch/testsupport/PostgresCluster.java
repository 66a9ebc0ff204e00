package org.labwatch.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for one test class: {@code initdb} into a temporary directory,
 * a free port on 127.0.0.1, {@code trust} authentication for user {@code postgres}. PostgreSQL
 * refuses to run as root, so as root every server command runs as the {@code postgres} user
 * ({@code runuser -u postgres --}); as anyone else, directly. The binaries are Debian's
 * ({@code /usr/lib/postgresql/<newest>/bin}, package {@code postgresql}); nothing is downloaded.
 * The server runs with {@code fsync} and {@code full_page_writes} off and 16 MB of shared buffers
 * (its data is thrown away); {@link #create(String...)} gives other settings.
 *
 * <p>Without the binaries a test is skipped with a message saying what to install, unless the
 * environment says {@code LABWATCH_POSTGRES=required} (as {@code .ci/run} does): then it fails,
 * so that CI cannot pass without having run the tests.
 *
 * <pre>{@code
 * static PostgresCluster pg;
 * @BeforeAll static void start() throws Exception { pg = PostgresCluster.create(); pg.createDatabase("t1"); }
 * @AfterAll static void stop() { pg.close(); }
 * }</pre>
 */
public final class PostgresCluster implements AutoCloseable {

    /** Where Debian installs the server, one directory per major version. */
    public static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    /** How the server stops: {@code fast} (clean, disconnects clients) or {@code immediate} (as a crash). */
    public enum StopMode {
        FAST,
        IMMEDIATE;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long COMMAND_TIMEOUT_S = 60;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final boolean asPostgresUser;
    private final List<String> settings;
    private int port;
    private boolean running;

    private PostgresCluster(Path bin, Path dir, boolean asPostgresUser, List<String> settings) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asPostgresUser = asPostgresUser;
        this.settings = settings;
    }

    /** The newest installed server's {@code bin} directory, if any. */
    public static Optional<Path> binaries() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin").resolve("pg_ctl")))
                    .max(Comparator.comparingDouble(PostgresCluster::versionNumber))
                    .map(v -> v.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double versionNumber(Path dir) {
        try {
            return Double.parseDouble(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A new cluster, initialised and started. Skips the calling test (JUnit assumption) when no PostgreSQL is
     * installed, unless {@code LABWATCH_POSTGRES=required}.
     */
    public static PostgresCluster create() throws IOException, InterruptedException {
        return create(new String[0]);
    }

    /**
     * A new cluster as {@link #create()}, whose server runs with these {@code name=value} settings
     * after the test defaults, which they override (the last {@code -c} wins), at every start: e.g.
     * {@code fsync=on} and {@code full_page_writes=on} for a benchmark that must pay for durability
     * as a real server does.
     *
     * @throws IllegalArgumentException for a setting that is not {@code name=value} with a plain name
     */
    public static PostgresCluster create(String... settings) throws IOException, InterruptedException {
        for (String setting : settings) {
            if (!setting.matches("[a-z_][a-z0-9_.]*=[^\\s'\"]+")) {
                throw new IllegalArgumentException(
                        "a server setting is name=value without spaces or quotes, e.g. fsync=on; not '" + setting
                                + "'");
            }
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String message = "no PostgreSQL server in " + INSTALLATIONS + "/<version>/bin: install Debian's"
                    + " postgresql package (apt-get install postgresql) to run the PostgreSQL store's tests";
            if ("required".equals(System.getenv("LABWATCH_POSTGRES"))) {
                throw new AssertionError(message + " (LABWATCH_POSTGRES=required)");
            }
            Assumptions.abort(message);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(
                "labwatch-pg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PostgresCluster cluster = new PostgresCluster(bin.get(), dir, root, List.of(settings));
        try {
            if (root) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            }
            cluster.run(
                    "initdb",
                    cluster.server("initdb"),
                    "-D",
                    cluster.data.toString(),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync");
            cluster.startOnFreePort();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Another random port when the one picked was taken meanwhile by someone else. */
    private void startOnFreePort() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                start();
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server (after {@link #stop}); returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        // fsync off: a test's server is thrown away, and an immediate stop is a crash of the server's
        // processes, not of the machine, so what they wrote is in the page cache and recovery finds it.
        StringBuilder options = new StringBuilder("-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c shared_buffers=16MB"
                + " -c max_connections=60");
        for (String setting : settings) {
            options.append(" -c ").append(setting);
        }
        run(
                "pg_ctl start",
                server("pg_ctl"),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                options.toString(),
                "-w",
                "-t",
                "60",
                "start");
        running = true;
    }

    /** Stops the server; connections then fail until {@link #start}. */
    public void stop(StopMode mode) throws IOException, InterruptedException {
        run("pg_ctl stop", server("pg_ctl"), "-D", data.toString(), "-m", mode.word(), "-w", "-t", "60", "stop");
        running = false;
    }

    /** {@code pg_ctl restart -m <mode>}: every connection is cut, the server is back when this returns. */
    public void restart(StopMode mode) throws IOException, InterruptedException {
        stop(mode);
        start();
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}; user {@code postgres}, no password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    /** A new, empty database. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        // alone in its own -c: CREATE DATABASE cannot run inside a transaction block
        sql("postgres", "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    }

    /**
     * Runs one statement (or several, separated by {@code ;}, in one transaction) with psql and
     * returns what it printed: unaligned, tuples only, one row a line, fields separated by {@code |}.
     * An error fails with psql's message.
     */
    public String sql(String database, String statement) throws IOException, InterruptedException {
        return run(
                        "psql",
                        bin.resolve("psql").toString(),
                        "-X",
                        "-q",
                        "-A",
                        "-t",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-U",
                        "postgres",
                        "-d",
                        database,
                        "-c",
                        statement)
                .strip();
    }

    /**
     * Ends every connection whose {@code application_name} is this (pg_terminate_backend), as an
     * operator or a connection pooler does; returns how many there were.
     */
    public int terminateBackends(String applicationName) throws IOException, InterruptedException {
        String n = sql(
                "postgres",
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
                        + applicationName.replace("'", "''") + "'");
        return Integer.parseInt(n);
    }

    /** The server's own log, for a failing test's message. */
    public String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server at once and deletes the cluster. */
    @Override
    public void close() {
        try {
            if (running) {
                stop(StopMode.IMMEDIATE);
            }
        } catch (IOException e) {
            System.err.println("PostgresCluster: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("PostgresCluster: cannot delete " + dir + ": " + e);
        }
    }

    /** A server program, run as the postgres user when we are root. */
    private List<String> server(String program) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        return command;
    }

    private String run(String what, List<String> command, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return run(what, all);
    }

    private String run(String what, String program, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        all.add(program);
        all.addAll(List.of(args));
        return run(what, all);
    }

    private String run(String what, List<String> command) throws IOException, InterruptedException {
        // the postgres user may not enter the caller's working directory
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " did not finish in " + COMMAND_TIMEOUT_S + " s: " + command);
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + p.exitValue() + "): " + text.strip()
                    + (what.startsWith("pg_ctl") ? "\nserver log:\n" + serverLog() : ""));
        }
        return text;
    }
}

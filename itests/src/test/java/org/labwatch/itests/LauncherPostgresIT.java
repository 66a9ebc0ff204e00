package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.PostgresCluster;

/**
 * {@code ./labwatch --jdbc-url URL --db-user USER --db-password-file FILE} on a throwaway
 * PostgreSQL cluster: what it writes into the instance's etc/, the store booting on the database
 * (its schema applied to the empty database), and a later start without the flags back on files:
 * what the flags added is gone, a lab's own edit stays, the store is not installed.
 */
class LauncherPostgresIT {

    private static final String DATABASE = "labwatch_it";
    private static final String TO_DATABASE = "(labwatch.sink.type=postgres)";
    private static final Duration BOOT = Duration.ofSeconds(120);
    /** "t" once the schema's versions are 1 to n without a gap. */
    static final String SCHEMA_WHOLE = "SELECT min(version) = 1 AND count(*) = max(version) FROM labwatch_schema";

    @TempDir
    Path work;

    private Path instance;

    @Test
    void databaseFlagsPutTheServerOnPostgresqlAndAStartWithoutThemBackOnFiles() throws Exception {
        try (PostgresCluster pg = PostgresCluster.create()) {
            pg.createDatabase(DATABASE);
            instance = work.resolve("node");
            // The distribution has no user: one for the shell, kept by the launcher's first unpack.
            Files.createDirectories(instance.resolve("etc"));
            Files.writeString(instance.resolve("etc/users.properties"), "");
            KarafShell.addTestUser(instance);
            Launcher launcher = Launcher.from(work, work.resolve("launcher-logs"));
            int httpPort = Conditions.freePort();
            int sshPort = Conditions.freePort();
            Path dataDir = work.resolve("data");
            // The cluster trusts its user; the password still takes the launcher's path to the DataSource.
            Path password = Files.writeString(work.resolve("db-password"), "never-typed-on-a-command-line\n");
            String url = pg.jdbcUrl(DATABASE);
            List<String> server = List.of(
                    "--instance",
                    instance.toString(),
                    "--background",
                    "--port",
                    Integer.toString(httpPort),
                    "--ssh-port",
                    Integer.toString(sshPort),
                    "--data-dir",
                    dataDir.toString());

            Launcher.Run onDatabase = launcher.run(
                    "start-on-postgres.log",
                    concat(server, "--jdbc-url", url, "--db-user", pg.user(), "--db-password-file", "db-password"));
            assertEquals(0, onDatabase.exitCode(), onDatabase.output());
            assertTrue(
                    onDatabase.output().contains("runs kept in PostgreSQL: " + url + " as " + pg.user()),
                    onDatabase.output());

            Path etc = instance.resolve("etc");
            assertEquals(
                    List.of(
                            "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                            "url = " + url,
                            "user = " + pg.user(),
                            "password = $[secret:labwatch-db-password]",
                            "dataSourceName = labwatch",
                            "pool = hikari",
                            "xa = false",
                            "hikari.maximumPoolSize = 10",
                            "hikari.connectionTimeout = 2000"),
                    settings(etc.resolve("org.ops4j.datasource-labwatch.cfg")));
            Path secret = etc.resolve("labwatch-db-password");
            assertEquals(Files.readString(password), Files.readString(secret));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
            assertTrue(
                    bootFeatures(etc).contains("labwatch-store-postgres"),
                    bootFeatures(etc).toString());
            List<String> store = Files.readAllLines(etc.resolve("org.labwatch.store.postgres.cfg"));
            assertTrue(
                    store.contains("root = " + dataDir) && store.contains("#pollIntervalMs = 2000"),
                    "the store's root, among its commented defaults:\n" + String.join("\n", store));
            List<String> core = Files.readAllLines(etc.resolve("org.labwatch.core.cfg"));
            assertTrue(
                    core.contains("LogSink.target = " + TO_DATABASE)
                            && core.contains("MetricSink.target = " + TO_DATABASE)
                            && core.contains("progressConsole = off"),
                    "core's writers aimed at the database, its defaults kept:\n" + String.join("\n", core));
            assertTrue(
                    Files.readAllLines(etc.resolve("org.labwatch.ingest.cfg"))
                            .contains("logSink.target = " + TO_DATABASE),
                    Files.readString(etc.resolve("org.labwatch.ingest.cfg")));

            KarafShell shell = new KarafShell(instance, sshPort);
            String features = shell.awaitOutput("Started", BOOT, "feature:list -i | grep labwatch-store-postgres");
            assertTrue(features.contains("labwatch-store-postgres "), features);
            Path karafLog = instance.resolve("data/log/karaf.log");
            Conditions.await(
                    "Felix's interpolation plugin to put the secret into the datasource's password",
                    BOOT,
                    () -> Launcher.read(karafLog)
                                    .contains("Replaced value of configuration property 'password' for PID"
                                            + " org.ops4j.datasource~labwatch")
                            ? true
                            : null,
                    () -> tail(karafLog));
            // The store opened the database through that DataSource and gave the empty database its schema.
            // Every version from 1 to this build's newest (which grows with the store, so not named here).
            Conditions.await(
                    "the labwatch schema in " + DATABASE,
                    BOOT,
                    () -> "t".equals(query(pg, SCHEMA_WHOLE)) ? true : null,
                    () -> query(pg, "SELECT string_agg(version::text, ',') FROM labwatch_schema") + "\n"
                            + tail(karafLog));

            // A lab's own setting beside the launcher's, then a start without the database flags.
            Files.writeString(
                    etc.resolve("org.labwatch.core.cfg"), "heartbeatIntervalMs = 5000\n", StandardOpenOption.APPEND);
            Launcher.Run stop = launcher.run("stop-on-postgres.log", "stop", "--instance", instance.toString());
            assertEquals(0, stop.exitCode(), stop.output());
            Launcher.Run onFiles = launcher.run("start-on-files.log", server.toArray(String[]::new));
            assertEquals(0, onFiles.exitCode(), onFiles.output());
            assertTrue(onFiles.output().contains("now on files: Karaf's cache"), onFiles.output());

            assertFalse(Files.exists(etc.resolve("org.ops4j.datasource-labwatch.cfg")), "the datasource cfg stayed");
            assertFalse(Files.exists(secret), "the password copy stayed");
            assertFalse(
                    bootFeatures(etc).contains("labwatch-store-postgres"),
                    bootFeatures(etc).toString());
            core = Files.readAllLines(etc.resolve("org.labwatch.core.cfg"));
            assertTrue(
                    core.stream().noneMatch(l -> l.contains(TO_DATABASE))
                            && core.contains("heartbeatIntervalMs = 5000"),
                    "the targets gone, the lab's line kept:\n" + String.join("\n", core));
            assertTrue(
                    Files.readAllLines(etc.resolve("org.labwatch.ingest.cfg"))
                            .contains("logSink.target = (labwatch.sink.type=file)"),
                    Files.readString(etc.resolve("org.labwatch.ingest.cfg")));
            // Awaited until the listing is there: a shell asked at once printed nothing (seen once).
            String installed = shell.awaitOutput("labwatch-shell ", BOOT, "feature:list -i | grep labwatch");
            assertFalse(
                    installed.contains("labwatch-store-postgres"), "installed after the start on files:\n" + installed);
            assertEquals(
                    "0",
                    query(
                            pg,
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + DATABASE
                                    + "' AND pid <> pg_backend_pid()"),
                    "connections to the database from the server on files");

            Launcher.Run last = launcher.run("stop-on-files.log", "--instance", instance.toString(), "stop");
            assertEquals(0, last.exitCode(), last.output());
        }
    }

    /** The uncommented lines of a cfg file. */
    private static List<String> settings(Path cfg) throws IOException {
        return Files.readAllLines(cfg).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    /** featuresBoot of etc/org.apache.karaf.features.cfg, entries without their versions. */
    private static List<String> bootFeatures(Path etc) throws IOException {
        StringBuilder value = new StringBuilder();
        boolean going = false;
        for (String line : Files.readAllLines(etc.resolve("org.apache.karaf.features.cfg"))) {
            if (!going && line.matches("\\s*featuresBoot\\s*[=:].*")) {
                going = true;
                line = line.replaceFirst("\\s*featuresBoot\\s*[=:]", "");
            }
            if (going) {
                going = line.endsWith("\\");
                value.append(going ? line.substring(0, line.length() - 1) : line);
            }
        }
        return Arrays.stream(value.toString().split(","))
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .map(e -> e.replaceFirst("/.*", ""))
                .toList();
    }

    /** What psql prints, or its error (e.g. before the schema exists). */
    private static String query(PostgresCluster pg, String sql) {
        try {
            return pg.sql(DATABASE, sql).trim();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String tail(Path log) {
        List<String> lines = Launcher.read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @AfterEach
    void stopLeftover() throws IOException {
        if (instance != null) {
            Launcher.stopServer(instance);
        }
    }
}

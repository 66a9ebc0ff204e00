package org.labwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An unpacked distribution's {@code etc/} put on PostgreSQL as {@code ./labwatch --jdbc-url URL
 * --db-user USER --db-password-file FILE} puts it (the files LauncherPostgresIT checks): the
 * pax-jdbc-config DataSource and its password secret, the store feature at boot, the store's root,
 * and core's and the ingest's writers aimed at the database.
 */
final class NodeOnDatabase {

    static final String TO_DATABASE = "(labwatch.sink.type=postgres)";

    private NodeOnDatabase() {}

    static void configure(Path home, String url, String user, Path passwordFile, Path dataDir) throws IOException {
        Path etc = home.resolve("etc");
        Path datasource = etc.resolve("org.ops4j.datasource-labwatch.cfg");
        setKey(datasource, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver");
        setKey(datasource, "url", url);
        setKey(datasource, "user", user);
        setKey(datasource, "password", "$[secret:labwatch-db-password]");
        setKey(datasource, "dataSourceName", "labwatch");
        setKey(datasource, "pool", "hikari");
        setKey(datasource, "xa", "false");
        setKey(datasource, "hikari.maximumPoolSize", "10");
        setKey(datasource, "hikari.connectionTimeout", "2000");
        Path secret = etc.resolve("labwatch-db-password");
        Files.copy(passwordFile, secret, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        addBootFeature(etc.resolve("org.apache.karaf.features.cfg"), "labwatch-store-postgres");
        fromDefault(home, "org.labwatch.store.postgres", "store-postgres");
        setKey(etc.resolve("org.labwatch.store.postgres.cfg"), "root", dataDir.toString());
        fromDefault(home, "org.labwatch.core", "core");
        setKey(etc.resolve("org.labwatch.core.cfg"), "LogSink.target", TO_DATABASE);
        setKey(etc.resolve("org.labwatch.core.cfg"), "MetricSink.target", TO_DATABASE);
        fromDefault(home, "org.labwatch.ingest", "ingest");
        setKey(etc.resolve("org.labwatch.ingest.cfg"), "logSink.target", TO_DATABASE);
        fromDefault(home, "org.labwatch.index", "index");
        setKey(etc.resolve("org.labwatch.index.cfg"), "dataDir", dataDir.toString());
    }

    /** The feature's default cfg (its commented keys) where etc/ has none: a feature installs it only then. */
    private static void fromDefault(Path home, String pid, String classifier) throws IOException {
        Path cfg = home.resolve("etc").resolve(pid + ".cfg");
        if (Files.exists(cfg)) {
            return;
        }
        try (Stream<Path> versions = Files.list(home.resolve("system/org/labwatch/labwatch-features"))) {
            Path version = versions.findFirst().orElseThrow();
            String v = version.getFileName().toString();
            Files.copy(version.resolve("labwatch-features-" + v + "-" + classifier + ".cfg"), cfg);
        }
    }

    /** {@code key = value} in place of the key's first line, or appended. */
    static void setKey(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg)) : new ArrayList<>();
        Pattern line = Pattern.compile("^[ \\t]*" + Pattern.quote(key) + "[ \\t]*[=:].*");
        String set = key + " = " + value;
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                if (done) {
                    lines.remove(i--);
                } else {
                    lines.set(i, set);
                    done = true;
                }
            }
        }
        if (!done) {
            lines.add(set);
        }
        Files.write(cfg, lines);
    }

    /** {@code feature} appended to featuresBoot (a list continued over lines with backslashes). */
    private static void addBootFeature(Path cfg, String feature) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).matches("[ \\t]*featuresBoot[ \\t]*[=:].*")) {
                start = i;
            }
        }
        BenchContainer.check(start >= 0, "no featuresBoot in " + cfg);
        int last = start;
        while (lines.get(last).stripTrailing().endsWith("\\")) {
            last++;
        }
        lines.set(last, lines.get(last).stripTrailing() + ", \\");
        lines.add(last + 1, "    " + feature);
        Files.write(cfg, lines);
    }
}

package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * labwatch installed into a stock Apache Karaf 4.4.10 the way the README tells a lab to:
 * {@code feature:repo-add} of the features repository, then {@code feature:install labwatch}. The
 * Karaf gets this build's artifacts from a Maven repository directory (as a lab's would from its
 * repository manager) and takes everything else from its own {@code system/}.
 */
class StockKarafIT {

    private static final String VERSION = System.getProperty("labwatch.version");
    private static final Pattern COMPLETED = Pattern.compile("\"status\"\\s*:\\s*\"completed\"");

    @TempDir
    Path work;

    @Test
    void featureInstallLabwatchOnAStockKarafServesAndMonitors() throws Exception {
        Path repository = Path.of(System.getProperty("labwatch.mavenRepository")).toAbsolutePath();
        assertTrue(Files.isRegularFile(repository.resolve("org/labwatch/labwatch-features/" + VERSION
                + "/labwatch-features-" + VERSION + "-features.xml")), "no features repository in " + repository);
        try (Distribution karaf = Distribution.unpack(Path.of(System.getProperty("labwatch.stockKaraf")), work.resolve("karaf"))) {
            KarafShell.addTestUser(karaf.home);
            // This build's repository first; of the remote ones only Central, which this network reaches.
            karaf.writeEtc("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.useFallbackRepositories = false\n"
                    + "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                    + repository.toUri() + "@id=labwatch.build@snapshots\n"
                    + "org.ops4j.pax.url.mvn.repositories = https://repo1.maven.org/maven2@id=central\n");
            Path dataDir = work.resolve("data");
            // A lab's own settings, there before the feature: its default cfg must not replace them.
            String webCfg = "# this lab's\ndataDir = " + dataDir + "\n";
            karaf.writeEtc("org.labwatch.web.cfg", webCfg);
            karaf.start();
            KarafShell shell = new KarafShell(karaf.home, karaf.sshPort);
            shell.awaitOutput("feature", Duration.ofSeconds(90), "feature:list -i | grep feature");

            String added = shell.run("feature:repo-add mvn:org.labwatch/labwatch-features/" + VERSION + "/xml/features",
                    "feature:install labwatch", "feature:list -i | grep labwatch");
            assertTrue(Pattern.compile("labwatch\\s+\\|[^\\n]*\\|\\s*x?\\s*\\|\\s*Started").matcher(added).find(),
                    "feature:install labwatch did not leave labwatch started:\n" + added + "\nkaraf.log:\n" + karaf.tailOfLog());

            String health = Conditions.await("GET /api/health 200 on the stock Karaf", Duration.ofSeconds(60), () -> {
                var r = Conditions.get(karaf.httpPort, "/api/health");
                return r != null && r.statusCode() == 200 ? r.body() : null;
            }, () -> Conditions.describe(Conditions.get(karaf.httpPort, "/api/health")) + "\n" + karaf.tailOfLog());
            assertTrue(health.contains("\"monitor_factory\":true") && health.contains("\"status_store\":true"), health);
            assertTrue(Files.exists(karaf.home.resolve("etc/org.labwatch.logsink.file.cfg")),
                    "the default cfg files come with the features");
            assertTrue(Files.readString(karaf.home.resolve("etc/org.labwatch.web.cfg")).equals(webCfg),
                    "feature:install replaced the lab's etc/org.labwatch.web.cfg");

            // An experiment deployed as a lab deploys one gets its Monitor from the installed factory.
            karaf.writeEtc("org.labwatch.itests.experiment.cfg", "dataDir = " + dataDir + "\nexperimentName = on_stock_karaf"
                    + "\nrecords = 200\nrecordsPerSecond = 1000\n");
            Path staged = Files.copy(Path.of(System.getProperty("labwatch.experimentBundle")), work.resolve("experiment.jar"));
            Files.move(staged, karaf.home.resolve("deploy/experiment.jar"), StandardCopyOption.ATOMIC_MOVE);
            Path status = dataDir.resolve("monitoring/status/on_stock_karaf_status.json");
            Conditions.await("the experiment on the stock Karaf to complete", Duration.ofSeconds(60),
                    () -> COMPLETED.matcher(read(status)).find() ? true : null,
                    () -> (Files.exists(status) ? "status exists" : "no " + status) + "\n" + karaf.tailOfLog());
            // The index learns of a status directory created after it started at its next rescan (2 s).
            String listed = shell.awaitOutput("on_stock_karaf", Duration.ofSeconds(30), "labwatch:list");
            assertTrue(listed.contains("on_stock_karaf") && listed.contains("completed"), listed);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

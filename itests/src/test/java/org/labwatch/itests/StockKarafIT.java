package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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

    /** A stock Karaf 4.4.10 that takes this build's artifacts from a repository directory and the rest from its system/. */
    private Distribution stockKaraf(String name) throws Exception {
        Path repository =
                Path.of(System.getProperty("labwatch.mavenRepository")).toAbsolutePath();
        assertTrue(
                Files.isRegularFile(repository.resolve("org/labwatch/labwatch-features/" + VERSION
                        + "/labwatch-features-" + VERSION + "-features.xml")),
                "no features repository in " + repository);
        Distribution karaf =
                Distribution.unpack(Path.of(System.getProperty("labwatch.stockKaraf")), work.resolve(name));
        KarafShell.addTestUser(karaf.home);
        // This build's repository first; of the remote ones only Central, which this network reaches.
        karaf.writeEtc(
                "org.ops4j.pax.url.mvn.cfg",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false\n"
                        + "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + repository.toUri() + "@id=labwatch.build@snapshots\n"
                        + "org.ops4j.pax.url.mvn.repositories = https://repo1.maven.org/maven2@id=central\n");
        return karaf;
    }

    /**
     * Each reader's feature alone on a stock Karaf shows a run that is there: it brings the index
     * (and the JSON store) it reads through. Once labwatch-shell alone had no commands at all.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"labwatch-shell", "labwatch-web", "labwatch-webconsole"})
    void eachReadersFeatureAloneShowsARun(String feature) throws Exception {
        Path dataDir = work.resolve("data-" + feature);
        Path status = Files.createDirectories(dataDir.resolve("monitoring/status"));
        Files.writeString(
                status.resolve("alone_run_status.json"),
                "{\"experiment_name\": \"alone_run\","
                        + " \"start_time\": \"2026-01-01T12:00:00+00:00\", \"last_update\": \"2026-01-01T12:30:00+00:00\","
                        + " \"current_step\": 2, \"total_steps\": 4, \"progress_percent\": 50.0, \"status\": \"completed\","
                        + " \"steps\": [], \"messages\": [], \"errors\": []}");
        // Its log in the Python tool's layout and format (no log_file named: the newest alone_run_*.log).
        Files.writeString(
                Files.createDirectories(dataDir.resolve("monitoring/logs")).resolve("alone_run_20260101_120000.log"),
                "2026-01-01 12:00:00,000 - INFO - a line of alone_run\n");
        try (Distribution karaf = stockKaraf("karaf-" + feature)) {
            karaf.writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
            karaf.start();
            KarafShell shell = new KarafShell(karaf.home, karaf.sshPort);
            shell.awaitOutput("feature", Duration.ofSeconds(90), "feature:list -i | grep feature");
            String added = shell.run(
                    "feature:repo-add mvn:org.labwatch/labwatch-features/" + VERSION + "/xml/features",
                    "feature:install " + feature,
                    "feature:list -i | grep labwatch");
            assertTrue(
                    Pattern.compile(Pattern.quote(feature) + "\\s+\\|[^\\n]*\\|\\s*x?\\s*\\|\\s*Started")
                            .matcher(added)
                            .find(),
                    "feature:install " + feature + " did not leave it started:\n" + added + "\nkaraf.log:\n"
                            + karaf.tailOfLog());
            switch (feature) {
                case "labwatch-shell" -> {
                    String listed = shell.awaitOutput("alone_run", Duration.ofSeconds(30), "labwatch:list");
                    assertTrue(listed.contains("completed") && listed.contains("2/4"), listed);
                    // labwatch:tail reads the log through the log source the feature brings.
                    String tail = shell.run("labwatch:tail alone_run");
                    assertTrue(tail.contains("12:00:00,000 - INFO - a line of alone_run"), tail);
                    assertTrue(
                            shell.run("labwatch:sinks").contains("Role"), "labwatch:sinks needs nothing of the index");
                }
                case "labwatch-web" -> {
                    Conditions.await(
                            "alone_run in /api/experiments",
                            Duration.ofSeconds(60),
                            () -> {
                                var r = Conditions.get(karaf.httpPort, "/api/experiments");
                                return r != null
                                                && r.statusCode() == 200
                                                && r.body().contains("\"id\":\"alone_run\"")
                                                && r.body().contains("\"state\":\"completed\"")
                                        ? r.body()
                                        : null;
                            },
                            () -> Conditions.describe(Conditions.get(karaf.httpPort, "/api/experiments")) + "\n"
                                    + karaf.tailOfLog());
                    // The experiment page's log and plots come through services the feature brings (awaited:
                    // the features' bundles may still be settling right after the install).
                    for (String path :
                            List.of("/api/experiments/alone_run/log?tail=5", "/api/experiments/alone_run/plots")) {
                        Conditions.await(
                                path + " answering 200",
                                Duration.ofSeconds(60),
                                () -> {
                                    var r = Conditions.get(karaf.httpPort, path);
                                    return r != null
                                                    && r.statusCode() == 200
                                                    && (path.contains("/plots")
                                                            || r.body().contains("a line of alone_run"))
                                            ? r.body()
                                            : null;
                                },
                                () -> Conditions.describe(Conditions.get(karaf.httpPort, path)) + "\n"
                                        + karaf.tailOfLog());
                    }
                }
                default -> {
                    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + karaf.httpPort + "/system/console/labwatch"))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString((KarafShell.USER + ":" + KarafShell.PASSWORD)
                                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(5))
                            .build();
                    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                    String[] last = {""};
                    Conditions.await(
                            "alone_run on the web-console page",
                            Duration.ofSeconds(60),
                            () -> {
                                try {
                                    var r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                                    last[0] = r.statusCode() + " " + r.body();
                                    return r.statusCode() == 200
                                                    && r.body().contains("#/experiment/alone_run")
                                                    && r.body().contains("<td>completed</td>")
                                            ? r.body()
                                            : null;
                                } catch (java.io.IOException e) {
                                    last[0] = e.toString();
                                    return null;
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new AssertionError(e);
                                }
                            },
                            () -> last[0] + "\n" + karaf.tailOfLog());
                }
            }
        }
    }

    @Test
    void featureInstallLabwatchOnAStockKarafServesAndMonitors() throws Exception {
        try (Distribution karaf = stockKaraf("karaf")) {
            Path dataDir = work.resolve("data");
            // A lab's own settings, there before the feature: its default cfg must not replace them.
            String indexCfg = "# this lab's\ndataDir = " + dataDir + "\n";
            karaf.writeEtc("org.labwatch.index.cfg", indexCfg);
            karaf.start();
            KarafShell shell = new KarafShell(karaf.home, karaf.sshPort);
            shell.awaitOutput("feature", Duration.ofSeconds(90), "feature:list -i | grep feature");

            String added = shell.run(
                    "feature:repo-add mvn:org.labwatch/labwatch-features/" + VERSION + "/xml/features",
                    "feature:install labwatch",
                    "feature:list -i | grep labwatch");
            assertTrue(
                    Pattern.compile("labwatch\\s+\\|[^\\n]*\\|\\s*x?\\s*\\|\\s*Started")
                            .matcher(added)
                            .find(),
                    "feature:install labwatch did not leave labwatch started:\n" + added + "\nkaraf.log:\n"
                            + karaf.tailOfLog());

            String health = Conditions.await(
                    "GET /api/health 200 on the stock Karaf",
                    Duration.ofSeconds(60),
                    () -> {
                        var r = Conditions.get(karaf.httpPort, "/api/health");
                        return r != null && r.statusCode() == 200 ? r.body() : null;
                    },
                    () -> Conditions.describe(Conditions.get(karaf.httpPort, "/api/health")) + "\n"
                            + karaf.tailOfLog());
            assertTrue(health.contains("\"monitor_factory\":true") && health.contains("\"status_store\":true"), health);
            assertTrue(
                    Files.exists(karaf.home.resolve("etc/org.labwatch.logsink.file.cfg")),
                    "the default cfg files come with the features");
            assertTrue(
                    Files.readString(karaf.home.resolve("etc/org.labwatch.index.cfg"))
                            .equals(indexCfg),
                    "feature:install replaced the lab's etc/org.labwatch.index.cfg");

            // An experiment deployed as a lab deploys one gets its Monitor from the installed factory.
            karaf.writeEtc(
                    "org.labwatch.itests.experiment.cfg",
                    "dataDir = " + dataDir + "\nexperimentName = on_stock_karaf"
                            + "\nrecords = 200\nrecordsPerSecond = 1000\n");
            Path staged = Files.copy(
                    Path.of(System.getProperty("labwatch.experimentBundle")), work.resolve("experiment.jar"));
            Files.move(staged, karaf.home.resolve("deploy/experiment.jar"), StandardCopyOption.ATOMIC_MOVE);
            Path status = dataDir.resolve("monitoring/status/on_stock_karaf_status.json");
            Conditions.await(
                    "the experiment on the stock Karaf to complete",
                    Duration.ofSeconds(60),
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

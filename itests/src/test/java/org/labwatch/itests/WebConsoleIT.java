package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labwatch page of the Karaf web console, and read authentication switched on and off while
 * the server runs: one boot with a console user and labwatch-webconsole in featuresBoot.
 */
class WebConsoleIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final String USER = KarafShell.USER;
    private static final String PASSWORD = KarafShell.PASSWORD;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("lab data");
        server.writeEtc("org.labwatch.web.cfg", webCfg("none"));
        server.writeEtc(
                "org.labwatch.index.cfg",
                "dataDir = " + dataDir + "\nstaleAfterSeconds = " + STALE_AFTER_SECONDS + "\n");
        // A console user as the README tells a lab to add one: Karaf's admin group gives the console's role.
        Path users = server.home.resolve("etc/users.properties");
        Files.writeString(
                users,
                Files.readString(users) + "\n" + USER + " = " + PASSWORD + ",_g_:admingroup\n"
                        + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        Path features = server.home.resolve("etc/org.apache.karaf.features.cfg");
        String cfg = Files.readString(features);
        assertTrue(cfg.contains("featuresBoot = \\\n"), cfg);
        Files.writeString(
                features, cfg.replace("featuresBoot = \\\n", "featuresBoot = \\\n    labwatch-webconsole, \\\n"));

        Path status = Files.createDirectories(dataDir.resolve("monitoring/status"));
        Files.writeString(status.resolve("console_run_status.json"), """
                {"experiment_name": "console <i>run</i>", "start_time": "2026-01-01T12:00:00+00:00",
                 "last_update": "2026-01-01T12:30:00+00:00", "current_step": 4, "total_steps": 8,
                 "progress_percent": 50.0, "status": "completed", "steps": [], "messages": [], "errors": []}
                """);
        server.start();
        server.awaitHealthy(BOOT);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private static String webCfg(String auth) {
        return "auth = " + auth + "\nrealm = karaf\n";
    }

    private static final int STALE_AFTER_SECONDS = 5;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET with an optional Authorization header; null when nothing answers. */
    private static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> awaitStatus(String path, String authorization, int status, Duration timeout) {
        return Conditions.await(
                "GET " + path + (authorization == null ? "" : " with credentials") + " to answer " + status,
                timeout,
                () -> {
                    HttpResponse<String> r = get(path, authorization);
                    return r != null && r.statusCode() == status ? r : null;
                },
                () -> Conditions.describe(get(path, authorization)) + "\nkaraf.log:\n" + server.tailOfLog());
    }

    @Test
    void consolePageListsExperimentsBehindTheConsolesLogin() {
        HttpResponse<String> anonymous = awaitStatus("/system/console/labwatch", null, 401, BOOT);
        assertTrue(
                anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().toString());
        assertEquals(401, get("/system/console/labwatch", basic(USER, "wrong")).statusCode());

        HttpResponse<String> page =
                awaitStatus("/system/console/labwatch", basic(USER, PASSWORD), 200, Duration.ofSeconds(30));
        String html = page.body();
        assertTrue(html.contains("console &lt;i&gt;run&lt;/i&gt;"), html);
        assertFalse(html.contains("<i>run</i>"), html);
        assertTrue(html.contains("href=\"/#/experiment/console_run\""), html);
        assertTrue(html.contains("<td>completed</td><td>4/8</td><td>50.0 %</td>"), html);
        // Inside the console's own page (its menu lists the plugin under its category), not a bare fragment.
        assertTrue(html.contains("/system/console/labwatch"), html);
    }

    /**
     * With staleAfterSeconds = 5, a running run whose heartbeat is 15 s old is stale everywhere: the
     * shell once judged by its own built-in 30 s and said running while the dashboard said stale.
     */
    @Test
    void theShellTheApiAndTheConsolePageAgreeOnEveryRunsState() throws Exception {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        Path status = dataDir.resolve("monitoring/status");
        writeRun(status, "silent_15s", "running", now.minusSeconds(60), now.minusSeconds(15));
        writeRun(status, "beating", "running", now.minusSeconds(60), now.plusHours(1));
        writeRun(status, "seed_quiet_60s", "running", now.minusSeconds(60), null);
        writeRun(status, "finished", "completed", now.minusSeconds(60), null);
        // Expected under the 5 s threshold; under the built-in 30 s, silent_15s would be running.
        java.util.Map<String, String> expected = java.util.Map.of(
                "silent_15s",
                "stale",
                "beating",
                "running",
                "seed_quiet_60s",
                "running",
                "finished",
                "completed",
                "console_run",
                "completed");

        java.util.Map<String, String> api = new java.util.TreeMap<>();
        Conditions.await(
                "every run in /api/experiments",
                Duration.ofSeconds(10),
                () -> {
                    HttpResponse<String> r = get("/api/experiments?limit=1000", null);
                    if (r == null || r.statusCode() != 200) {
                        return null;
                    }
                    api.clear();
                    java.util.regex.Matcher m = Pattern.compile(
                                    "\\{\"id\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"state\":\"([a-z]+)\"")
                            .matcher(r.body());
                    while (m.find()) {
                        api.put(m.group(1), m.group(2));
                    }
                    return api.keySet().containsAll(expected.keySet()) ? api : null;
                },
                () -> "api said " + api);

        String listed = new KarafShell(server.home, server.sshPort).run("labwatch:list");
        java.util.Map<String, String> shell = new java.util.TreeMap<>();
        for (String id : expected.keySet()) {
            java.util.regex.Matcher m =
                    Pattern.compile("(?m)^\\s*" + id + "\\s*\\|\\s*([a-z]+)").matcher(listed);
            shell.put(id, m.find() ? m.group(1) : "(missing)");
        }

        String html = awaitStatus("/system/console/labwatch", basic(USER, PASSWORD), 200, Duration.ofSeconds(30))
                .body();
        java.util.Map<String, String> console = new java.util.TreeMap<>();
        for (String id : expected.keySet()) {
            java.util.regex.Matcher m = Pattern.compile("#/experiment/" + id + "\"[^\\n]*?</td><td>([a-z]+)")
                    .matcher(html);
            console.put(id, m.find() ? m.group(1) : "(missing)");
        }

        java.util.Map<String, String> want = new java.util.TreeMap<>(expected);
        java.util.Map<String, String> fromApi = new java.util.TreeMap<>(api);
        fromApi.keySet().retainAll(want.keySet());
        assertEquals(want, fromApi, "/api/experiments");
        assertEquals(want, shell, "labwatch:list:\n" + listed);
        assertEquals(want, console, "the web-console page");
    }

    private static void writeRun(
            Path dir, String id, String state, java.time.OffsetDateTime lastUpdate, java.time.OffsetDateTime heartbeat)
            throws IOException {
        Path tmp = dir.resolve("." + id + ".tmp");
        Files.writeString(
                tmp,
                "{\"experiment_name\": \"" + id + "\", \"start_time\": \"" + lastUpdate.minusMinutes(5)
                        + "\", \"last_update\": \"" + lastUpdate + "\", \"current_step\": 1, \"total_steps\": 4,"
                        + " \"progress_percent\": 25.0, \"status\": \"" + state + "\", \"steps\": [], \"messages\": [],"
                        + " \"errors\": []" + (heartbeat == null ? "" : ", \"heartbeat\": \"" + heartbeat + "\"")
                        + "}");
        Files.move(tmp, dir.resolve(id + "_status.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void basicAuthTurnsOnAndOffWhileRunningWithoutTheDashboardGoing404() throws Exception {
        awaitStatus("/api/experiments", null, 200, Duration.ofSeconds(30));
        List<String> notFound = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger polls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong lastPoll = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(
                () -> {
                    while (polling.get()) {
                        for (String path : List.of("/", "/api/experiments")) {
                            HttpResponse<String> r = get(path, basic(USER, PASSWORD));
                            polls.incrementAndGet();
                            lastPoll.set(System.nanoTime());
                            if (r != null && r.statusCode() == 404) {
                                notFound.add(path + " " + r.body());
                            }
                        }
                        // Pacing for two shared cores, not a wait for a condition.
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                    }
                },
                "dashboard-404-watch");
        poller.start();
        try {
            long start = System.nanoTime();
            server.writeEtc("org.labwatch.web.cfg", webCfg("basic"));
            HttpResponse<String> asked = awaitStatus("/api/experiments", null, 401, Duration.ofSeconds(10));
            System.out.println("auth = basic applied after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(
                    "Basic realm=\"labwatch\", charset=\"UTF-8\"",
                    asked.headers().firstValue("WWW-Authenticate").orElse(""));
            assertFalse(asked.body().contains(USER), asked.body());
            assertEquals(401, get("/", null).statusCode());
            assertEquals(401, get("/api/experiments", basic(USER, "wrong")).statusCode());
            assertEquals(401, get("/api/experiments", basic("nobody", PASSWORD)).statusCode());
            HttpResponse<String> authorized = get("/api/experiments", basic(USER, PASSWORD));
            assertEquals(200, authorized.statusCode(), Conditions.describe(authorized));
            assertTrue(authorized.body().contains("console_run"), authorized.body());
            assertEquals(200, get("/", basic(USER, PASSWORD)).statusCode());
            // Monitoring probes keep working without credentials.
            assertEquals(200, get("/api/health", null).statusCode());
            // The console keeps its own login; a console user passes both.
            assertEquals(
                    200, get("/system/console/labwatch", basic(USER, PASSWORD)).statusCode());

            start = System.nanoTime();
            server.writeEtc("org.labwatch.web.cfg", webCfg("none"));
            awaitStatus("/api/experiments", null, 200, Duration.ofSeconds(10));
            System.out.println("auth = none applied after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(200, get("/", null).statusCode());
            // A servlet re-registered by a settings change answered 404 for ~5 s (measured on an earlier
            // design): keep watching the dashboard that long after the last change.
            long switchedBack = System.nanoTime();
            Conditions.await(
                    "6 s of dashboard polls after the last change",
                    Duration.ofSeconds(30),
                    () -> lastPoll.get() - switchedBack > Duration.ofSeconds(6).toNanos() ? Boolean.TRUE : null,
                    () -> polls.get() + " polls, 404s: " + notFound);
        } finally {
            polling.set(false);
            poller.join(10_000);
        }
        System.out.println("dashboard polled " + polls.get() + " times during the switches, 404s: " + notFound.size());
        assertTrue(polls.get() > 10, "the dashboard was hardly polled: " + polls.get());
        assertTrue(notFound.isEmpty(), "the dashboard answered 404 while auth changed: " + notFound);
        String log = Files.readString(server.karafLog());
        assertTrue(
                Pattern.compile("read access needs a user of JAAS realm 'karaf'")
                        .matcher(log)
                        .find(),
                server.tailOfLog());
    }
}

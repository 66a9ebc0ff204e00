package org.labwatch.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * Notifications in the booted distribution: a webhook channel dropped into {@code etc/} as a lab
 * would write it, a receiver in this test, runs written by the Java client ending as completed and
 * as failed, one POST each; the file edited (failures only), which applies without a restart; then
 * the file removed, and nothing more is sent.
 */
class NotifyIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static HttpServer receiver;
    static final List<String> posts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", x -> {
            posts.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("lab data");
        Files.createDirectories(dataDir.resolve("monitoring/status"));
        server.writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
        KarafShell.addTestUser(server.home);
        server.start();
        server.awaitHealthy(BOOT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (server != null) {
            server.close();
            server.keepForReview("notify-it", dataDir);
        }
    }

    private static JsonNode channels() {
        HttpResponse<String> r = Conditions.get(server.httpPort, "/api/notify/channels");
        try {
            return r != null && r.statusCode() == 200 ? JSON.readTree(r.body()).path("channels") : null;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode event(int i) {
        try {
            return JSON.readTree(posts.get(i));
        } catch (java.io.IOException e) {
            throw new AssertionError(posts.get(i), e);
        }
    }

    @Test
    void aWebhookChannelTellsEachRunsEndOnceUntilItsFileIsRemoved() throws Exception {
        Path cfg = server.home.resolve("etc/org.labwatch.notify-hook.cfg");
        Files.writeString(
                cfg,
                "# a lab's webhook\ntype = webhook\nurl = http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/hook\nevents = completed, failed\npublicUrl = http://lab.example.org/labwatch\n");
        Conditions.await(
                "the channel 'hook' to be active in /api/notify/channels",
                SOON,
                () -> {
                    JsonNode all = channels();
                    return all != null
                                    && all.size() == 1
                                    && all.get(0).path("status").asText().equals("active")
                            ? all
                            : null;
                },
                () -> Conditions.describe(Conditions.get(server.httpPort, "/api/notify/channels")) + "\nkaraf.log:\n"
                        + server.tailOfLog());

        try (Monitor m = Monitors.create(dataDir, "notify_ok")) {
            m.updateProgress("Sweep", 1, 2);
            m.complete("All experiments completed successfully!");
        }
        Conditions.await("a POST for notify_ok", SOON, () -> posts.size() == 1 ? true : null, posts::toString);
        JsonNode completed = event(0);
        assertEquals("completed", completed.path("event").asText());
        assertEquals("notify_ok", completed.path("id").asText());
        assertEquals(
                "All experiments completed successfully!",
                completed.path("message").asText());
        assertEquals(
                "http://lab.example.org/labwatch/#/experiment/notify_ok",
                completed.path("url").asText());

        try (Monitor m = Monitors.create(dataDir, "notify_fail")) {
            m.fail("fit diverged", new IllegalStateException("chi2 > 10"));
        }
        Conditions.await("a POST for notify_fail", SOON, () -> posts.size() == 2 ? true : null, posts::toString);
        JsonNode failed = event(1);
        assertEquals("failed", failed.path("event").asText());
        assertEquals("notify_fail", failed.path("id").asText());
        assertEquals(
                "fit diverged\njava.lang.IllegalStateException: chi2 > 10",
                failed.path("message").asText());
        await().during(Duration.ofSeconds(3)).atMost(SOON).until(() -> posts.size() == 2);

        String listed = new KarafShell(server.home, server.sshPort).awaitOutput("hook", SOON, "labwatch:notify-list");
        assertTrue(listed.contains("completed, failed"), listed);

        // An edit takes effect in place: only failures from now on.
        Files.writeString(
                cfg,
                "type = webhook\nurl = http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook\nevents = failed\n");
        Conditions.await(
                "the channel's events to be 'failed' alone",
                SOON,
                () -> {
                    JsonNode all = channels();
                    return all != null
                                    && all.size() == 1
                                    && all.get(0).path("events").toString().equals("[\"failed\"]")
                            ? true
                            : null;
                },
                () -> Conditions.describe(Conditions.get(server.httpPort, "/api/notify/channels")));
        try (Monitor m = Monitors.create(dataDir, "notify_edited")) {
            m.complete("not told: the channel wants failures only now");
        }
        await().during(Duration.ofSeconds(3)).atMost(SOON).until(() -> posts.size() == 2);

        Path outbox = dataDir.resolve("notify/hook");
        assertTrue(Files.exists(outbox.resolve("outbox.jsonl")), "the outbox is in the data directory");
        Files.delete(cfg);
        Conditions.await(
                "the channel to be gone from /api/notify/channels",
                SOON,
                () -> {
                    JsonNode all = channels();
                    return all != null && all.isEmpty() ? true : null;
                },
                () -> Conditions.describe(Conditions.get(server.httpPort, "/api/notify/channels")));
        try (Monitor m = Monitors.create(dataDir, "notify_after")) {
            m.complete("nobody is told");
        }
        await().during(Duration.ofSeconds(5)).atMost(SOON).until(() -> posts.size() == 2);
        assertFalse(Files.exists(outbox), "the removed channel's outbox went with it");
        String log = Files.readString(server.karafLog());
        assertFalse(log.contains("| ERROR |"), "karaf.log has errors:\n" + server.tailOfLog());
    }
}

package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's panel bundle (the example, org.labwatch.panel.numbers) dropped into {@code deploy/} of
 * the running distribution appears in {@code /api/panels} between the page's own sections, is
 * announced to an open {@code /api/events} stream, serves its script from its own bundle, and
 * goes again, announced as well, when its jar is deleted.
 */
class PanelsIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    /** File Install polls deploy/ every second; the rest is bundle start and SCR. */
    private static final Duration DEPLOY = Duration.ofSeconds(30);
    private static final String EXPERIMENT = "qubit_calibration";
    private static final String PANELS = "/api/panels?experiment=" + EXPERIMENT;

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static final List<String> sse = new CopyOnWriteArrayList<>();
    static volatile Flow.Subscription sseSubscription;

    @BeforeAll
    static void boot() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        dataDir = work.resolve("data");
        server.writeEtc("org.labwatch.web.cfg", "dataDir = " + dataDir + "\n");
        Path status = Files.createDirectories(dataDir.resolve("monitoring/status"));
        // Written as the seed's Python tool writes it: the panel reads any writer's messages.
        Files.writeString(status.resolve(EXPERIMENT + "_status.json"), """
                {"experiment_name": "qubit_calibration", "start_time": "2026-01-01T12:00:00",
                 "last_update": "2026-01-01T12:30:00", "current_step": 3, "total_steps": 10,
                 "progress_percent": 30.0, "status": "completed", "steps": [],
                 "messages": [
                   {"timestamp": "2026-01-01T12:05:00", "level": "info", "message": "T1 = 45.2 us"},
                   {"timestamp": "2026-01-01T12:06:00", "level": "info", "message": "fidelity: 0.987"}],
                 "errors": []}
                """);
        server.start();
        Conditions.await("GET " + PANELS + " to answer 200", BOOT, () -> {
            HttpResponse<String> r = Conditions.get(server.httpPort, PANELS);
            return r != null && r.statusCode() == 200 ? r : null;
        }, () -> Conditions.describe(Conditions.get(server.httpPort, PANELS)) + "\nkaraf.log:\n" + server.tailOfLog());

        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort
                + "/api/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        sseSubscription = subscription;
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        sse.add(line);
                    }

                    @Override
                    public void onError(Throwable error) {
                        sse.add("(stream failed: " + error + ")");
                    }

                    @Override
                    public void onComplete() {
                        sse.add("(stream ended)");
                    }
                }));
        // The hub's first frame: from here on the stream sees every event.
        Conditions.await("the event stream to open", Duration.ofSeconds(10),
                () -> sse.contains("retry: 3000") ? true : null, sse::toString);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sseSubscription != null) {
            sseSubscription.cancel();
        }
        if (server != null) {
            server.close();
            server.keepForReview("panels", dataDir);
        }
    }

    @Test
    void aPanelBundleDroppedIntoDeployComesAndGoesLive() throws Exception {
        String before = Conditions.get(server.httpPort, PANELS).body();
        assertFalse(before.contains("\"id\":\"numbers\""), before);
        assertEquals(0, panelEvents());

        Path jar = Path.of(System.getProperty("labwatch.numbersPanel"));
        Path deployed = server.home.resolve("deploy/labwatch-panel-numbers.jar");
        // One rename, so File Install never picks up half a jar.
        Files.move(Files.copy(jar, work.resolve("panel.jar")), deployed, StandardCopyOption.ATOMIC_MOVE);
        long dropped = System.nanoTime();

        String listed = Conditions.await("the numbers panel in " + PANELS, DEPLOY, () -> {
            HttpResponse<String> r = Conditions.get(server.httpPort, PANELS);
            return r != null && r.statusCode() == 200 && r.body().contains("\"id\":\"numbers\"") ? r.body() : null;
        }, () -> Conditions.describe(Conditions.get(server.httpPort, PANELS)) + "\nkaraf.log:\n" + server.tailOfLog());
        assertTrue(listed.indexOf("\"id\":\"messages\"") < listed.indexOf("\"id\":\"numbers\"")
                && listed.indexOf("\"id\":\"numbers\"") < listed.indexOf("\"id\":\"errors\""),
                "numbers (order 350) between messages and errors: " + listed);
        assertTrue(listed.contains("\"kind\":\"json\""), listed);
        assertTrue(listed.contains("{\"name\":\"T1\",\"value\":\"45.2\",\"unit\":\"us\""), listed);
        assertTrue(listed.contains("{\"name\":\"fidelity\",\"value\":\"0.987\",\"unit\":null"), listed);
        assertTrue(listed.contains("\"script\":\"api/panels/numbers/script.js\""), listed);
        Conditions.await("a 'panels' event naming numbers on /api/events", DEPLOY,
                () -> panelEvents() >= 1 ? true : null, sse::toString);
        System.out.println("numbers panel listed and announced " + (System.nanoTime() - dropped) / 1_000_000
                + " ms after its jar was dropped into deploy/");

        HttpResponse<String> script = Conditions.get(server.httpPort, "/api/panels/numbers/script.js");
        assertEquals(200, script.statusCode(), Conditions.describe(script));
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", script.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(script.body().contains("window.labwatch.panels.register('numbers',"), script.body());

        Files.delete(deployed);
        long deleted = System.nanoTime();
        Conditions.await("the numbers panel to leave " + PANELS, DEPLOY, () -> {
            HttpResponse<String> r = Conditions.get(server.httpPort, PANELS);
            return r != null && r.statusCode() == 200 && !r.body().contains("\"id\":\"numbers\"") ? r.body() : null;
        }, () -> Conditions.describe(Conditions.get(server.httpPort, PANELS)));
        Conditions.await("a second 'panels' event naming numbers", DEPLOY, () -> panelEvents() >= 2 ? true : null,
                sse::toString);
        System.out.println("numbers panel gone and announced " + (System.nanoTime() - deleted) / 1_000_000
                + " ms after its jar was deleted");
        assertEquals(404, Conditions.get(server.httpPort, "/api/panels/numbers/script.js").statusCode());
        String after = Conditions.get(server.httpPort, PANELS).body();
        assertTrue(after.contains("\"id\":\"messages\"") && after.contains("\"id\":\"plots\""), after);
    }

    /** {@code event: panels} frames whose data names the numbers panel. */
    private static int panelEvents() {
        List<String> lines = List.copyOf(sse);
        int n = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals("event: panels") && lines.get(i + 1).equals("data: {\"id\":\"numbers\"}")) {
                n++;
            }
        }
        return n;
    }
}

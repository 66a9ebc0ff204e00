package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.SseClient;

/**
 * The example panel bundle dropped into {@code deploy/} of the running distribution: the
 * {@code panels} event reaches an open event stream and the panel is listed for an experiment
 * whose messages hold numbers; deleted from {@code deploy/}, it goes the same way. Then a panel
 * of the JSON + script kind, whose script the web bundle serves from the panel's bundle.
 */
class PanelIT {

    private static final String EXPERIMENT = "t1_fit";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void aPanelBundleAppearsAndDisappearsWithoutARestart() throws Exception {
        Path dataDir = work.resolve("data");
        Path statusDir = Files.createDirectories(dataDir.resolve("monitoring/status"));
        Files.writeString(statusDir.resolve(EXPERIMENT + "_status.json"), """
                {"experiment_name": "t1_fit", "start_time": "2025-01-01T10:00:00", "last_update": "2025-01-01T10:05:00",
                 "current_step": 1, "total_steps": 2, "progress_percent": 50.0, "status": "completed", "steps": [],
                 "messages": [{"timestamp": "2025-01-01T10:04:00", "level": "INFO", "message": "Fit: T1 = 45.2 us"},
                              {"timestamp": "2025-01-01T10:05:00", "level": "INFO", "message": "Fit: T1 = 47.8 us"}],
                 "errors": []}
                """);
        try (Distribution server = Distribution.unpack(work.resolve("server"))) {
            server.writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
            server.start();
            Conditions.await(
                    "GET /api/panels to list the page's sections",
                    Duration.ofSeconds(60),
                    () -> {
                        var r = Conditions.get(server.httpPort, "/api/panels?experiment=" + EXPERIMENT);
                        return r != null && r.statusCode() == 200 && r.body().contains("\"id\":\"plots\"") ? r : null;
                    },
                    () -> Conditions.describe(Conditions.get(server.httpPort, "/api/panels?experiment=" + EXPERIMENT))
                            + "\n" + server.tailOfLog());
            assertFalse(panels(server).contains("\"id\":\"numbers\""));

            try (SseClient events = SseClient.connect("http://127.0.0.1:" + server.httpPort + "/api/events")) {
                // The retry line is the stream's first write: from then on the hub has this client.
                Conditions.await(
                        "the event stream to open",
                        WAIT,
                        () -> events.retryMillis().orElse(null),
                        () -> "HTTP " + events.status() + ", events " + events.kinds());

                Path jar = Path.of(System.getProperty("labwatch.panelBundle"));
                Path deployed = server.home.resolve("deploy/labwatch-panel-numbers.jar");
                Files.move(Files.copy(jar, work.resolve("panel.jar")), deployed, StandardCopyOption.ATOMIC_MOVE);

                events.await(
                        "a 'panels' event as the panel comes",
                        WAIT,
                        e -> e.kind().equals("panels"));
                String listed = Conditions.await(
                        "the numbers panel in /api/panels",
                        WAIT,
                        () -> {
                            String body = panels(server);
                            return body.contains("\"id\":\"numbers\"") ? body : null;
                        },
                        () -> panels(server));
                // The API writes < and > as \u003C and \u003E (safe even if a browser sniffed it as HTML).
                String html =
                        listed.replace("\\u003C", "<").replace("\\u003E", ">").replace("\\\"", "\"");
                assertTrue(html.contains("<td>T1</td><td class=\"num\">47.8</td>"), html);
                // The page copies panel HTML with the allowlist the server sends (here jsoup ran in the container).
                assertTrue(
                        listed.contains("\"html_rules\":{\"tags\":[\"table\",")
                                && listed.contains("\"sub\",\"sup\",\"br\"]"),
                        listed);
                assertTrue(
                        listed.indexOf("\"id\":\"messages\"") < listed.indexOf("\"id\":\"numbers\"")
                                && listed.indexOf("\"id\":\"numbers\"") < listed.indexOf("\"id\":\"errors\""),
                        "in its order: " + listed);

                Files.delete(deployed);
                events.await(
                        "a second 'panels' event as the panel goes",
                        WAIT,
                        e -> e.kind().equals("panels"));
                Conditions.await(
                        "the numbers panel gone from /api/panels",
                        WAIT,
                        () -> panels(server).contains("\"id\":\"numbers\"") ? null : true,
                        () -> panels(server));

                // The other kind: JSON drawn by a script that the web bundle serves from the panel's own bundle.
                Path jsonDeployed = server.home.resolve("deploy/labwatch-itests-panel.jar");
                Files.move(
                        Files.copy(
                                Path.of(System.getProperty("labwatch.jsonPanelBundle")),
                                work.resolve("json-panel.jar")),
                        jsonDeployed,
                        StandardCopyOption.ATOMIC_MOVE);
                String withJson = Conditions.await(
                        "the step-count panel in /api/panels",
                        WAIT,
                        () -> {
                            String body = panels(server);
                            return body.contains("\"id\":\"step-count\"") ? body : null;
                        },
                        () -> panels(server));
                assertTrue(
                        withJson.contains("\"kind\":\"json\",\"data\":{\"current\":1,\"total\":2},"
                                + "\"script\":\"api/panels/step-count/script.js\""),
                        withJson);
                HttpResponse<String> script = Conditions.get(server.httpPort, "/api/panels/step-count/script.js");
                assertEquals(200, script.statusCode(), Conditions.describe(script));
                assertEquals(
                        "text/javascript; charset=utf-8",
                        script.headers().firstValue("Content-Type").orElse(""));
                assertEquals(
                        "nosniff",
                        script.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(script.body().contains("window.labwatch.panels.register('step-count',"), script.body());
                Files.delete(jsonDeployed);
                Conditions.await(
                        "the step-count panel gone from /api/panels",
                        WAIT,
                        () -> panels(server).contains("\"id\":\"step-count\"") ? null : true,
                        () -> panels(server));
                assertEquals(
                        404,
                        Conditions.get(server.httpPort, "/api/panels/step-count/script.js")
                                .statusCode());
            }
        }
    }

    private static String panels(Distribution server) {
        var r = Conditions.get(server.httpPort, "/api/panels?experiment=" + EXPERIMENT);
        return r == null ? "(no answer)" : r.statusCode() + " " + r.body();
    }
}

package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.metrics.MetricsReader;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.SseClient;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.config.WebConfig;

/**
 * The read side as DS wires it with the real metrics reader: a line appended to a run's metrics
 * file reaches an open {@code /api/events} as a {@code metric} event, and the metrics endpoints
 * follow the source as it comes and goes.
 */
class MetricsReadSideTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newHttpClient();
    private StatusIndex index;
    private ReadSide readSide;
    private JdkHttpServer server;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        Path status = Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(
                status.resolve("rabi_status.json"),
                Fixture.seedExample()
                        .replace("\"autocalibration\"", "\"rabi\"")
                        .replace(
                                "\"status\": \"running\"",
                                "\"status\": \"running\", \"log_file\": \"rabi_20261204_201503.log\""));
        file = Files.createDirectories(data.resolve("monitoring/metrics")).resolve("rabi_20261204_201503.csv");
        Files.writeString(file, "time,step,name,value\n1796415303.125,0,T1_us,45.2\n");
        index = StatusIndex.of(new JsonStatusStore(), Map.of("dataDir", data.toString()));
        readSide = new ReadSide(index, Configs.defaults(WebConfig.class));
        readSide.bindMetricSource(new MetricsReader(index, new FileLogSource(), Map.of()));
        server = new JdkHttpServer(readSide.api(), readSide.events());
    }

    @AfterEach
    void stop() {
        server.close();
        readSide.deactivate();
        index.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAppendedValueIsAMetricEventAndTheSeriesHasIt() throws Exception {
        try (SseClient sse =
                SseClient.to(server.base() + "/api/events").via(client).connect()) {
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> sse.retryMillis().isPresent());
            Files.writeString(file, "1796415304.002,1,T1_us,46.0\n", java.nio.file.StandardOpenOption.APPEND);
            SseClient.Event e = sse.await("metric", WAIT);
            assertEquals("{\"id\":\"rabi\",\"names\":[\"T1_us\"]}", e.data());
        }
        HttpResponse<String> series = get("/api/experiments/rabi/metrics/T1_us");
        assertEquals(200, series.statusCode(), series.body());
        assertTrue(series.body().contains("[1,1796415304.002,46.0]"), series.body());
    }

    @Test
    void theEndpointsFollowTheSourceAsItGoesAndComes() throws Exception {
        MetricsReader source = new MetricsReader(index, new FileLogSource(), Map.of());
        readSide.bindMetricSource(source); // a replacement: greedy, it takes over
        assertEquals(200, get("/api/experiments/rabi/metrics").statusCode());
        readSide.unbindMetricSource(source);
        HttpResponse<String> gone = get("/api/experiments/rabi/metrics");
        assertEquals(503, gone.statusCode());
        assertTrue(gone.body().contains("labwatch-metrics"), gone.body());
        readSide.bindMetricSource(new MetricsReader(index, new FileLogSource(), Map.of()));
        assertEquals(200, get("/api/experiments/rabi/metrics").statusCode());
    }
}

package org.labwatch.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.metrics.MetricsReader;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.MetricSource;
import org.labwatch.web.JdkHttpServer;
import org.labwatch.web.http.Json;

/** {@code /api/experiments/{id}/metrics[/{name}]} over real HTTP, from hand-written metrics files. */
class MetricsApiTest {

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newHttpClient();
    private Fixture f;
    private MetricSource metrics;
    private JdkHttpServer server;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(data);
        metrics = new MetricsReader(f.index, new FileLogSource(), Map.of());
        f.writeStatus(
                "rabi",
                Fixture.seedExample()
                        .replace("\"autocalibration\"", "\"rabi\"")
                        .replace(
                                "\"status\": \"running\"",
                                "\"status\": \"running\", \"log_file\": \"rabi_20261204_201503.log\""));
        f.writeStatus("quiet", Fixture.seedExample().replace("\"autocalibration\"", "\"quiet\""));
        Path dir = Files.createDirectories(data.resolve("monitoring/metrics"));
        StringBuilder csv = new StringBuilder("time,step,name,value\n");
        csv.append("1796415303.125,0,T1_us,45.2\n");
        csv.append("1796415303.125,0,fit/chi2,1.03\n");
        csv.append("1796415304.002,1,T1_us,NaN\n");
        csv.append("1796415304.518,1,fit/chi2,1.0E-5\n");
        csv.append("broken line\n");
        for (int i = 2; i < 5000; i++) {
            csv.append("1796415305.")
                    .append(String.format("%03d", i % 1000))
                    .append(',')
                    .append(i)
                    .append(",T1_us,")
                    .append(i == 4321 ? "99.5" : "40.0")
                    .append('\n');
        }
        csv.append("1796415712.500,5000,T1_us,-Infinity\n");
        Files.writeString(dir.resolve("rabi_20261204_201503.csv"), csv);
        server = new JdkHttpServer(api(() -> metrics), null);
    }

    private ExperimentsApi api(java.util.function.Supplier<MetricSource> source) {
        return new ExperimentsApi(
                f.index, () -> f.store, FileLogSource::new, FilePlotStore::new, source, Json.MAPPER, 50, f.clock);
    }

    @AfterEach
    void stop() {
        server.close();
        f.index.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.base() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code points} array as sent: a parsed tree would show times as doubles, not as they are written. */
    private String points(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        String body = r.body();
        return body.substring(body.indexOf("\"points\":") + "\"points\":".length(), body.lastIndexOf('}'));
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertEquals(
                "application/json; charset=utf-8",
                r.headers().firstValue("Content-Type").orElseThrow());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void theListHasEveryMetricOfTheFile() throws Exception {
        HttpResponse<String> r = get("/api/experiments/rabi/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(
                r.body().contains("\"first_time\":1796415303.125") && r.body().contains("\"last_time\":1796415712.500"),
                "times as in the file, three decimals: " + r.body());
        JsonNode list = Json.MAPPER.readTree(r.body());
        assertEquals("rabi", list.get("id").asText());
        assertEquals("rabi_20261204_201503.csv", list.get("file").asText());
        assertEquals(1, list.get("skipped_lines").asLong());
        JsonNode t1 = list.get("metrics").get(0);
        assertEquals("T1_us", t1.get("name").asText());
        assertEquals(5001, t1.get("count").asLong());
        assertEquals(0, t1.get("first_step").asLong());
        assertEquals(5000, t1.get("last_step").asLong());
        assertEquals("-Infinity", t1.get("last").asText());
        assertEquals(40.0, t1.get("min").asDouble());
        assertEquals(99.5, t1.get("max").asDouble());
        assertEquals("fit/chi2", list.get("metrics").get(1).get("name").asText());

        JsonNode none = json("/api/experiments/quiet/metrics");
        assertTrue(none.get("file").isNull(), none.toString());
        assertEquals(0, none.get("metrics").size());
    }

    @Test
    void aSeriesIsDownsampledToTheAskedPointsKeepingSpikesGapsAndEnds() throws Exception {
        JsonNode s = json("/api/experiments/rabi/metrics/T1_us?points=100");
        assertEquals("T1_us", s.get("name").asText());
        assertEquals("step", s.get("x").asText());
        assertEquals(5001, s.get("count").asLong());
        assertTrue(s.get("downsampled").asBoolean());
        assertTrue(s.get("points").size() <= 100, s.get("points").size() + " points");
        String text = points("/api/experiments/rabi/metrics/T1_us?points=100");
        assertTrue(text.startsWith("[[0,1796415303.125,45.2],"), text);
        assertTrue(text.endsWith(",[5000,1796415712.500,\"-Infinity\"]]"), text);
        assertTrue(text.contains("[1,1796415304.002,\"NaN\"]"), "the gap: " + text);
        assertTrue(text.contains(",99.5]"), "the spike: " + text);

        JsonNode all = json("/api/experiments/rabi/metrics/T1_us?from=2&to=4");
        assertEquals(3, all.get("count").asLong());
        assertFalse(all.get("downsampled").asBoolean());
        assertEquals(
                "[[2,1796415305.002,40.0],[3,1796415305.003,40.0],[4,1796415305.004,40.0]]",
                points("/api/experiments/rabi/metrics/T1_us?from=2&to=4"));

        assertEquals(
                "time",
                json("/api/experiments/rabi/metrics/T1_us?x=time").get("x").asText());
        assertEquals(
                "[[0,1796415303.125,45.2],[1,1796415304.002,\"NaN\"]]",
                points("/api/experiments/rabi/metrics/T1_us?x=time&from=1796415303&to=1796415304.002"));
        assertEquals(
                "[[1,1796415304.002,\"NaN\"]]",
                points("/api/experiments/rabi/metrics/T1_us?x=time&from=1796415303.1251&to=1796415304.0029"),
                "inclusive bounds, rounded inward");
    }

    @Test
    void aNameWithSlashesIsTheRestOfThePath() throws Exception {
        assertEquals(
                "fit/chi2",
                json("/api/experiments/rabi/metrics/fit/chi2").get("name").asText());
        assertEquals(
                "[[0,1796415303.125,1.03],[1,1796415304.518,1.0E-5]]",
                points("/api/experiments/rabi/metrics/fit/chi2"));
        assertEquals(
                "fit/chi2",
                json("/api/experiments/rabi/metrics/fit%2Fchi2").get("name").asText());
    }

    @Test
    void csvHasEveryValueOfTheRange() throws Exception {
        HttpResponse<String> r = get("/api/experiments/rabi/metrics/T1_us?format=csv");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                "text/csv; charset=utf-8",
                r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "attachment; filename=\"rabi_T1_us.csv\"",
                r.headers().firstValue("Content-Disposition").orElseThrow());
        List<String> lines = r.body().lines().toList();
        assertEquals(5002, lines.size());
        assertEquals("step,time,value", lines.get(0));
        assertEquals("0,1796415303.125,45.2", lines.get(1));
        assertEquals("1,1796415304.002,NaN", lines.get(2));
        assertEquals("5000,1796415712.500,-Infinity", lines.get(5001));

        HttpResponse<String> range = get("/api/experiments/rabi/metrics/fit/chi2?format=csv&from=1&to=1");
        assertEquals("step,time,value\n1,1796415304.518,1.0E-5\n", range.body());
        assertEquals(
                "attachment; filename=\"rabi_fit_chi2.csv\"",
                range.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void unknownRunsAndMetricsAre404() throws Exception {
        for (String path : List.of(
                "/api/experiments/nobody/metrics",
                "/api/experiments/nobody/metrics/T1_us",
                "/api/experiments/rabi/metrics/nope",
                "/api/experiments/rabi/metrics/nope?format=csv",
                "/api/experiments/quiet/metrics/T1_us",
                "/api/experiments/rabi/metrics/fit")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().startsWith("{\"error\":"), r.body());
        }
        assertEquals(
                "experiment 'rabi' has no metric 'nope'",
                Json.MAPPER
                        .readTree(get("/api/experiments/rabi/metrics/nope").body())
                        .get("error")
                        .asText());
    }

    @Test
    void eachBadParameterIs400NamingIt() throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("points=3", "points");
        bad.put("points=10001", "points");
        bad.put("points=abc", "points");
        bad.put("points=", "points");
        bad.put("x=steps", "x must be step or time");
        bad.put("x=", "x must be step or time");
        bad.put("from=abc", "from must be a number");
        bad.put("from=1e3", "from must be a number");
        bad.put("from=99999999999999999999", "from must be a number");
        bad.put("to=NaN", "to must be a number");
        bad.put("x=time&to=9999999999999999", "to must be a number");
        bad.put("from=5&to=4", "from must not be greater than to");
        bad.put("format=xlsx", "format must be csv or json");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = get("/api/experiments/rabi/metrics/T1_us?" + e.getKey());
            assertEquals(400, r.statusCode(), e.getKey() + ": " + r.body());
            String error = Json.MAPPER.readTree(r.body()).get("error").asText();
            assertTrue(error.startsWith(e.getValue()), e.getKey() + ": " + error);
        }
        assertEquals(200, get("/api/experiments/rabi/metrics/T1_us?points=4").statusCode());
        assertEquals(
                200, get("/api/experiments/rabi/metrics/T1_us?points=10000").statusCode());
        assertEquals(
                200, get("/api/experiments/rabi/metrics/T1_us?from=-5&to=1.5").statusCode());
    }

    @Test
    void withoutAMetricsReaderTheEndpointsAre503() throws Exception {
        server.close();
        server = new JdkHttpServer(api(() -> null), null);
        for (String path : List.of("/api/experiments/rabi/metrics", "/api/experiments/rabi/metrics/T1_us")) {
            HttpResponse<String> r = get(path);
            assertEquals(503, r.statusCode(), path);
            assertTrue(r.body().contains("labwatch-metrics"), r.body());
        }
        assertEquals(404, get("/api/experiments/nobody/metrics").statusCode(), "an unknown run is still unknown");
        assertEquals(200, get("/api/experiments/rabi").statusCode(), "the rest of the API is there");
    }

    @Test
    void anUnchangedSeriesIsNotSentAgain() throws Exception {
        HttpResponse<String> first = get("/api/experiments/rabi/metrics/T1_us?points=50");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = client.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/api/experiments/rabi/metrics/T1_us?points=50"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
    }
}

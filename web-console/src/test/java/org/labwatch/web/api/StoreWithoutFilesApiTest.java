package org.labwatch.web.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.internal.store.StoreOutages;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.RelocatedStores;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/**
 * {@code /api/experiments} over stores that keep no files at the runs' paths (as a database keeps
 * them): the status download, the log download, the plots and their types all come through the
 * bound services, and nothing at the runs' paths on this disk is looked at.
 */
class StoreWithoutFilesApiTest {

    @TempDir
    Path tmp;

    private RelocatedStores stores;
    private Path data;
    private StatusIndex index;
    private ExperimentsApi api;
    private byte[] status;
    private byte[] log;

    @BeforeEach
    void start() throws Exception {
        data = tmp.resolve("labwatch-data");
        stores = new RelocatedStores(data, tmp.resolve("database"));
        status = Fixture.seedExample().getBytes(UTF_8);
        keep("monitoring/status/autocalibration_status.json", status);
        // Longer than one piece of the download (64 KiB), so it is read in several.
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 3 * LogBytes.PIECE; i++) {
            lines.append("2025-01-01 12:00:00,000 - INFO - line ").append(i).append('\n');
        }
        log = lines.toString().getBytes(UTF_8);
        keep("monitoring/logs/autocalibration_20250101_120000.log", log);
        keep("monitoring/plots/resonator_spectrum.png", SvgPlots.PNG_1X1);
        keep("monitoring/plots/rabi.svg", SvgPlots.svg("rabi"));
        // Input: HTML named as a PNG. Neither listed nor served.
        keep("monitoring/plots/evil.png", "<html><script>alert(1)</script></html>".getBytes(UTF_8));

        StatusStore statuses = stores.statuses(new JsonStatusStore());
        LogSource logs = stores.logSource(new FileLogSource());
        PlotStore plots = stores.plots(new FilePlotStore());
        index = StatusIndex.of(statuses, Map.of("dataDir", data.toString()));
        index.bindLogSource(logs);
        List<org.labwatch.spi.StoreHealth> health = List.of(stores.health());
        api = new ExperimentsApi(
                index,
                () -> statuses,
                () -> logs,
                () -> plots,
                () -> null,
                () -> StoreOutages.longest(health),
                Json.MAPPER,
                50,
                java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        index.close();
    }

    private void keep(String path, byte[] bytes) throws Exception {
        Path kept = stores.backingOf(data.resolve(path));
        Files.createDirectories(kept.getParent());
        Files.write(kept, bytes);
    }

    private Reply get(String path) {
        return api.answer(ApiRequest.get(path));
    }

    private static byte[] body(Reply r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeBody(out);
        return out.toByteArray();
    }

    @Test
    void everyEndpointReadsThroughTheStores() throws Exception {
        assertEquals(200, get("/api/experiments").status());
        JsonNode detail =
                Json.MAPPER.readTree(get("/api/experiments/autocalibration").body());
        assertEquals("autocalibration", detail.get("summary").get("id").asText());
        assertEquals(
                "autocalibration_20250101_120000.log", detail.get("log_file").asText());

        Reply raw = get("/api/experiments/autocalibration/status.json");
        assertEquals(200, raw.status());
        assertArrayEquals(status, body(raw));
        assertEquals(Reply.RAW_CSP, raw.headers().get("Content-Security-Policy"));
        assertEquals(
                304,
                api.answer(new ApiRequest("GET", "/api/experiments/autocalibration/status.json", Map.of(), raw.etag()))
                        .status());

        Reply logText = get("/api/experiments/autocalibration/log.txt");
        assertEquals(200, logText.status());
        assertEquals(log.length, logText.length());
        assertArrayEquals(log, body(logText));
        String logTag = logText.etag();
        assertNotNull(logTag);
        JsonNode tail = Json.MAPPER.readTree(
                get("/api/experiments/autocalibration/log?tail=2").body());
        assertEquals(log.length, tail.get("next_offset").asLong());
        // The log grows: a new version, and the download takes the new length.
        Files.writeString(
                stores.backingOf(data.resolve("monitoring/logs/autocalibration_20250101_120000.log")),
                "2025-01-01 12:00:01,000 - INFO - one more\n",
                java.nio.file.StandardOpenOption.APPEND);
        Reply grown = get("/api/experiments/autocalibration/log.txt");
        assertFalse(logTag.equals(grown.etag()));
        assertTrue(new String(body(grown), UTF_8).endsWith("one more\n"));

        List<String> listed = new ArrayList<>();
        Json.MAPPER
                .readTree(get("/api/experiments/autocalibration/plots").body())
                .get("plots")
                .forEach(p -> listed.add(p.get("file").asText()));
        assertEquals(
                List.of("rabi.svg", "resonator_spectrum.png"),
                listed.stream().sorted().toList());

        Reply png = get("/api/experiments/autocalibration/plots/resonator_spectrum.png");
        assertEquals(200, png.status());
        assertEquals("image/png", png.headers().get("Content-Type"));
        assertEquals("nosniff", png.headers().get("X-Content-Type-Options"));
        assertArrayEquals(SvgPlots.PNG_1X1, body(png));
        Reply again = api.answer(new ApiRequest(
                "GET", "/api/experiments/autocalibration/plots/resonator_spectrum.png", Map.of(), png.etag()));
        assertEquals(304, again.status(), "the same size, time and name");

        Reply svg = get("/api/experiments/autocalibration/plots/rabi.svg");
        assertEquals("image/svg+xml", svg.headers().get("Content-Type"));
        assertEquals(Reply.SVG_CSP, svg.headers().get("Content-Security-Policy"));
        svg.discard();
        assertEquals(404, get("/api/experiments/autocalibration/plots/evil.png").status());
        assertEquals(
                404, get("/api/experiments/autocalibration/plots/missing.png").status());

        assertFalse(Files.exists(data), "nothing at the runs' own paths was looked at or made");
    }

    @Test
    void whileTheStoresAreAwayAReadThatNeedsThemIs503NamingTheOutage() throws Exception {
        // Input: the stores cannot be reached.
        stores.away("connection refused");
        for (String path : List.of(
                "/api/experiments/autocalibration/status.json",
                "/api/experiments/autocalibration/log.txt",
                "/api/experiments/autocalibration/log?tail=5",
                "/api/experiments/autocalibration/plots",
                "/api/experiments/autocalibration/plots/resonator_spectrum.png")) {
            Reply r = get(path);
            assertEquals(503, r.status(), path);
            String error = Json.MAPPER.readTree(r.body()).get("error").asText();
            assertTrue(error.startsWith("the store (files of " + data), error);
            assertTrue(error.endsWith(": connection refused"), error);
        }
        assertEquals(200, get("/api/experiments").status(), "the list is the index's last view");

        stores.back();
        assertEquals(200, get("/api/experiments/autocalibration/status.json").status());
        assertTrue(stores.refused() >= 5, "each of those reads was the store's to refuse: " + stores.refused());
    }
}

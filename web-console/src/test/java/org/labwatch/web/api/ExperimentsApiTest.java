package org.labwatch.web.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

class ExperimentsApiTest {

    @TempDir
    Path data;

    @Test
    void pagesOfAHundredByDefaultFilteredByState() throws Exception {
        Fixture f = new Fixture(data);
        for (int i = 0; i < 250; i++) {
            String state = i % 5 == 0 ? "failed" : "completed";
            f.writeStatus(
                    String.format("run_%03d", i),
                    "{\"experiment_name\":\"run_" + i + "\",\"status\":\"" + state + "\"}");
        }
        JsonNode first = f.json("/api/experiments?sort=id");
        assertEquals(250, first.get("total").asInt());
        assertEquals(100, first.get("limit").asInt());
        assertEquals(100, first.get("experiments").size());
        assertEquals("run_000", first.get("experiments").get(0).get("id").asText());
        assertEquals(50, first.get("counts").get("failed").asInt());
        assertEquals(200, first.get("counts").get("completed").asInt());

        JsonNode last = f.json("/api/experiments?sort=id&offset=200");
        assertEquals(50, last.get("experiments").size());
        assertEquals("run_200", last.get("experiments").get(0).get("id").asText());

        JsonNode failed = f.json("/api/experiments?state=failed&limit=20&offset=20&sort=-id");
        assertEquals(50, failed.get("total").asInt());
        assertEquals(20, failed.get("experiments").size());
        assertEquals("run_145", failed.get("experiments").get(0).get("id").asText());
        for (JsonNode s : failed.get("experiments")) {
            assertEquals("failed", s.get("state").asText());
        }
        JsonNode both = f.json("/api/experiments?state=failed,completed&limit=1");
        assertEquals(250, both.get("total").asInt());
        assertEquals(11, f.json("/api/experiments?q=RUN_24").get("total").asInt(), "run_24 and run_240..249");

        assertEquals(400, f.get("/api/experiments?state=sleeping").status());
        assertEquals(400, f.get("/api/experiments?limit=0").status());
        assertEquals(400, f.get("/api/experiments?offset=-1").status());
        assertEquals(400, f.get("/api/experiments?limit=ten").status());
        assertEquals(400, f.get("/api/experiments?sort=colour").status());
        assertTrue(Fixture.text(f.get("/api/experiments?state=sleeping")).startsWith("{\"error\":\"unknown state"));
    }

    @Test
    void emptyListNamesTheWatchedDirectories() throws Exception {
        Fixture f = new Fixture(data);
        JsonNode page = f.json("/api/experiments");
        assertEquals(0, page.get("total").asInt());
        assertEquals(
                data.toAbsolutePath().resolve("monitoring/status").normalize().toString(),
                page.get("status_directories").get(0).asText());
    }

    @Test
    void oneExperimentInFullWithItsLogAndPlots() throws Exception {
        Fixture f = new Fixture(data);
        try (Monitor m = Monitors.create(data, "qubit_cal")) {
            m.updateProgress("Resonator Spectroscopy", 1, 2, "Finding readout frequency...");
            m.log(Level.WARNING, "fridge drifting");
            m.error("fit failed", new IllegalStateException("chi2"));
            m.savePlot(SvgPlots.PNG_1X1, "spectrum");
            m.savePlot(SvgPlots.svg("rabi"), "rabi");

            JsonNode d = f.json("/api/experiments/qubit_cal");
            assertEquals("running", d.get("summary").get("state").asText());
            JsonNode s = d.get("status");
            assertEquals("qubit_cal", s.get("experiment_name").asText());
            assertEquals(
                    "Resonator Spectroscopy", s.get("steps").get(0).get("name").asText());
            assertTrue(
                    hasMessage(s.get("messages"), "warning", "fridge drifting"),
                    s.get("messages").toString());
            assertTrue(s.get("errors").get(0).get("traceback").asText().contains("IllegalStateException: chi2"));
            assertTrue(d.get("log_file").asText().startsWith("qubit_cal_"));

            JsonNode log = f.json("/api/experiments/qubit_cal/log?tail=2");
            assertEquals(2, log.get("entries").size());
            long next = log.get("next_offset").asLong();
            assertEquals(Files.size(f.index.logFile("qubit_cal").orElseThrow()), next);
            m.log("after the tail");
            JsonNode more = f.json("/api/experiments/qubit_cal/log?after=" + next);
            assertEquals(1, more.get("entries").size());
            assertEquals(
                    "after the tail", more.get("entries").get(0).get("message").asText());
            assertEquals("info", more.get("entries").get(0).get("level").asText());
            assertTrue(more.get("next_offset").asLong() > next);
            assertEquals(
                    0,
                    f.json("/api/experiments/qubit_cal/log?after="
                                    + more.get("next_offset").asLong())
                            .get("entries")
                            .size());
            assertTrue(Fixture.text(f.get("/api/experiments/qubit_cal/log.txt")).contains("WARNING - fridge drifting"));
            assertEquals(400, f.get("/api/experiments/qubit_cal/log?after=-5").status());

            JsonNode plots = f.json("/api/experiments/qubit_cal/plots").get("plots");
            assertEquals(2, plots.size());
            List<String> names = new ArrayList<>();
            plots.forEach(p -> names.add(p.get("file").asText()));
            assertTrue(names.containsAll(List.of("spectrum.png", "rabi.svg")), names.toString());

            Reply png = f.get("/api/experiments/qubit_cal/plots/spectrum.png");
            assertEquals(200, png.status());
            assertEquals("image/png", png.headers().get("Content-Type"));
            assertEquals("nosniff", png.headers().get("X-Content-Type-Options"));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            png.writeBody(out);
            assertArrayEquals(SvgPlots.PNG_1X1, out.toByteArray());

            Reply svg = f.get("/api/experiments/qubit_cal/plots/rabi.svg");
            assertEquals("image/svg+xml", svg.headers().get("Content-Type"));
            assertEquals(Reply.SVG_CSP, svg.headers().get("Content-Security-Policy"));
            svg.discard();

            Reply raw = f.get("/api/experiments/qubit_cal/status.json");
            assertEquals(Reply.RAW_CSP, raw.headers().get("Content-Security-Policy"));
            assertTrue(Fixture.text(raw).contains("\"experiment_name\": \"qubit_cal\"")
                    || Fixture.text(f.get("/api/experiments/qubit_cal/status.json"))
                            .contains("\"experiment_name\":\"qubit_cal\""));
            m.complete("done");
        }
        assertEquals(404, f.get("/api/experiments/nobody").status());
        assertEquals(404, f.get("/api/experiments/qubit_cal/plots/missing.png").status());
        assertEquals(404, f.get("/api/experiments/qubit_cal/whatever").status());
        assertEquals(
                405,
                f.api.answer(new ApiRequest("POST", "/api/experiments", java.util.Map.of(), null))
                        .status());
    }

    private static boolean hasMessage(JsonNode messages, String level, String text) {
        for (JsonNode m : messages) {
            if (m.get("level").asText().equals(level)
                    && m.get("message").asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void seedRunsSeeEveryPlotOfTheirDirectoryAndNothingThatIsNotAnImage() throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("autocalibration", Fixture.seedExample());
        Path plots = Files.createDirectories(data.resolve("monitoring/plots"));
        Files.write(plots.resolve("resonator_spectrum.png"), SvgPlots.PNG_1X1);
        Files.writeString(plots.resolve("evil.png"), "<html><script>alert(1)</script></html>");
        Files.writeString(plots.resolve("page.svg"), "<!DOCTYPE html><html><svg></svg></html>");
        JsonNode list = f.json("/api/experiments/autocalibration/plots").get("plots");
        assertEquals(1, list.size(), list.toString());
        assertEquals("resonator_spectrum.png", list.get(0).get("file").asText());
        assertEquals(
                404, f.get("/api/experiments/autocalibration/plots/evil.png").status());
        assertEquals(
                404, f.get("/api/experiments/autocalibration/plots/page.svg").status());
    }

    @Test
    void traversalAndSymlinksAreRefused(@TempDir Path outside) throws Exception {
        Fixture f = new Fixture(data);
        f.writeStatus("autocalibration", Fixture.seedExample());
        Path plots = Files.createDirectories(data.resolve("monitoring/plots"));
        Files.write(plots.resolve("ok.png"), SvgPlots.PNG_1X1);
        Path secret = outside.resolve("secret.png");
        Files.write(secret, SvgPlots.PNG_1X1);
        Files.createSymbolicLink(plots.resolve("link.png"), secret);
        Files.createSymbolicLink(plots.resolve("inner.png"), plots.resolve("ok.png"));
        Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(outside.resolve("x_status.json"), Fixture.seedExample());

        String base = "/api/experiments/autocalibration/plots/";
        for (String bad : List.of(
                base + "..",
                base + "%2e%2e",
                base + "%2E%2E%2Fstatus%2Fautocalibration_status.json",
                base + "..%2F..%2Fstatus%2Fautocalibration_status.json",
                base + "a%2Fb.png",
                base + "a%5Cb.png",
                base + ".hidden.png",
                base + "nul%00.png",
                base + "%ZZ.png",
                base + "%C3%28.png",
                "/api/experiments/..",
                "/api/experiments/%2e%2e/plots",
                "/api/experiments/..%2Fetc",
                "/api/experiments/autocalibration%2F..%2F..",
                "/api/experiments//plots")) {
            Reply r = f.get(bad);
            assertEquals(400, r.status(), bad + ": " + Fixture.text(r));
            assertTrue(Fixture.text(f.get(bad)).startsWith("{\"error\":"), bad);
        }
        assertEquals(404, f.get(base + "link.png").status(), "a link out of the plots directory");
        assertEquals(200, f.get(base + "inner.png").status(), "a link within it is fine");
        assertEquals(200, f.get(base + "ok.png").status());
        List<String> listed = new ArrayList<>();
        f.json("/api/experiments/autocalibration/plots")
                .get("plots")
                .forEach(p -> listed.add(p.get("file").asText()));
        assertFalse(listed.contains("link.png"), listed.toString());
        assertTrue(listed.contains("inner.png"), listed.toString());
    }

    @Test
    void everyUserStringComesBackEscaped() throws Exception {
        String xss = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";
        Fixture f = new Fixture(data);
        String quoted = Json.MAPPER.writeValueAsString(xss);
        f.writeStatus(
                "xss",
                "{\"experiment_name\":" + quoted + ",\"status\":\"running\",\"current_step\":1,"
                        + "\"total_steps\":2,\"steps\":[{\"name\":" + quoted + ",\"step_number\":1,\"message\":"
                        + quoted + "}],"
                        + "\"messages\":[{\"level\":\"error\",\"message\":" + quoted + "}],"
                        + "\"errors\":[{\"message\":" + quoted + ",\"traceback\":" + quoted + "}],\"message\":" + quoted
                        + ","
                        + "\"plots\":[{\"name\":" + quoted + ",\"file\":" + quoted + "}],\"host\":" + quoted + ","
                        + "\"progress_bars\":[{\"description\":" + quoted + ",\"message\":" + quoted
                        + ",\"n\":1,\"total\":2}],"
                        + "\"format_version\":1,\"last_update\":\"2999-01-01T00:00:00Z\"}");
        for (String path : List.of(
                "/api/experiments",
                "/api/experiments/xss",
                "/api/experiments/xss/plots",
                "/api/experiments/"
                        + java.net.URLEncoder.encode(xss, StandardCharsets.UTF_8)
                                .replace("+", "%20"))) {
            Reply r = f.get(path);
            String body = Fixture.text(r);
            assertEquals(Reply.JSON, r.headers().get("Content-Type"));
            assertFalse(body.contains("<") || body.contains(">") || body.contains("'"), path + " -> " + body);
        }
        JsonNode d = f.json("/api/experiments/xss");
        assertEquals(xss, d.get("summary").get("name").asText());
        assertEquals(xss, d.get("summary").get("step_name").asText());
        assertEquals(xss, d.get("status").get("errors").get(0).get("traceback").asText());
        assertEquals(xss, d.get("status").get("messages").get(0).get("message").asText());
    }

    @Test
    void unchangedAnswersAre304() throws Exception {
        Fixture f = new Fixture(data);
        Path file = f.writeStatus("done", "{\"experiment_name\":\"done\",\"status\":\"completed\"}");
        for (String path : List.of("/api/experiments", "/api/experiments/done", "/api/experiments/done/status.json")) {
            Reply first = f.get(path);
            String etag = first.etag();
            assertNotNull(etag, path);
            first.discard();
            Reply again = f.api.answer(ApiRequest.get(path).withIfNoneMatch(etag));
            assertEquals(304, again.status(), path);
            assertEquals(etag, again.etag());
            assertEquals(
                    200,
                    f.api.answer(ApiRequest.get(path).withIfNoneMatch("\"other\""))
                            .status());
            assertEquals(
                    304,
                    f.api.answer(ApiRequest.get(path).withIfNoneMatch("\"other\", W/" + etag))
                            .status());
        }
        String before = f.get("/api/experiments").etag();
        Files.writeString(file, "{\"experiment_name\":\"done\",\"status\":\"failed\"}");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertNotEquals(before, f.get("/api/experiments").etag());
        Reply plotless = f.api.answer(ApiRequest.get("/api/experiments").withIfNoneMatch(before));
        assertEquals(200, plotless.status());
    }
}

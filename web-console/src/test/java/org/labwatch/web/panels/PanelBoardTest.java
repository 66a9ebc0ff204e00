package org.labwatch.web.panels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/** The panel whiteboard's answers for an experiment read from a real status file (the seed's example). */
class PanelBoardTest {

    @TempDir
    Path data;

    private Fixture fixture;
    private final List<String> announced = new ArrayList<>();
    private PanelBoard board;

    @BeforeEach
    void seedExperiment() throws IOException {
        fixture = new Fixture(data);
        fixture.writeStatus("autocalibration_run_20250101", Fixture.seedExample());
        board = new PanelBoard(announced::add);
        // As PageSectionPanels registers them in the container.
        PageSection.ALL.forEach(board::add);
        assertEquals(List.of("bars", "steps", "metrics", "messages", "errors", "log", "plots"), announced);
        announced.clear();
    }

    @Test
    void thePagesOwnSectionsComeInTheDocumentedOrderWithALabsPanelBetweenThem() throws IOException {
        board.add(panel("fit-values", 350, PanelContent.html("<table><tr><td>T1</td><td>45.2 us</td></tr></table>")));
        JsonNode panels = list("autocalibration_run_20250101").get("panels");
        List<String> ids = new ArrayList<>();
        panels.forEach(p -> ids.add(p.get("id").asText()));
        assertEquals(List.of("bars", "steps", "metrics", "messages", "fit-values", "errors", "log", "plots"), ids);
        assertEquals("page", panels.get(0).get("kind").asText());
        // The parser adds the tbody a browser would add too.
        assertEquals(
                "<table><tbody><tr><td>T1</td><td>45.2 us</td></tr></tbody></table>",
                panels.get(4).get("html").asText());
        assertEquals(List.of("fit-values"), announced);
    }

    @Test
    void htmlFromAPanelLosesEverythingThatCouldRunOrLoad() throws IOException {
        String hostile = "<p class=\"note\" onclick=\"steal()\">T1 <b>ok</b></p>"
                + "<img src=x onerror=window.__xss=1>"
                + "<script>window.__xss=2</script>"
                + "<a href=\"javascript:alert(1)\">link</a>"
                + "<td class=\"x\" style=\"background:url(//evil)\">"
                + "<!-- <script>3</script> -->"
                + "<scr<script>ipt>4</script>"
                + "<svg onload=alert(5)>"
                + "R &amp; D & co &#x27; &bogus";
        board.add(panel("hostile", 900, PanelContent.html(hostile)));
        String html = panelNamed(list("autocalibration_run_20250101"), "hostile")
                .get("html")
                .asText();
        // Script, style, comments and unknown elements go; the text of a dropped link, cell or split tag stays as text.
        assertEquals("<p class=\"note\">T1 <b>ok</b></p>linkipt&gt;4R &amp; D &amp; co ' &amp;bogus", html);
    }

    @Test
    void theAnswerCarriesTheAllowlistThePageCopiesWith() throws IOException {
        JsonNode rules = list("autocalibration_run_20250101").get("html_rules");
        List<String> tags = new ArrayList<>();
        rules.get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(PanelHtml.TAGS, tags);
        assertEquals(PanelHtml.CLASS_NAMES.pattern(), rules.get("class_pattern").asText());
    }

    @Test
    void jsonPanelsComeWithTheirScriptServedAsJavaScript() throws IOException {
        Path js = Files.writeString(
                data.resolve("numbers.js"), "labwatch.panels.register('numbers', function (el, d) {});");
        board.add(new DashboardPanel() {
            public String id() {
                return "numbers";
            }

            public String title() {
                return "Numbers";
            }

            public int order() {
                return 350;
            }

            public PanelContent content(StatusReading r) {
                return PanelContent.json("{\"values\":[1,2.5]}");
            }

            public URL script() {
                try {
                    return js.toUri().toURL();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
        JsonNode numbers = panelNamed(list("autocalibration_run_20250101"), "numbers");
        assertEquals("json", numbers.get("kind").asText());
        assertEquals(2.5, numbers.get("data").get("values").get(1).asDouble());
        assertEquals("api/panels/numbers/script.js", numbers.get("script").asText());

        Reply script = board.answer(ApiRequest.get("/api/panels/numbers/script.js"), fixture.index);
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.headers().get("Content-Type"));
        assertEquals("nosniff", script.headers().get("X-Content-Type-Options"));
        assertTrue(Fixture.text(script).startsWith("labwatch.panels.register"));
        assertEquals(
                404,
                board.answer(ApiRequest.get("/api/panels/bars/script.js"), fixture.index)
                        .status());
        assertEquals(
                404,
                board.answer(ApiRequest.get("/api/panels/nope/script.js"), fixture.index)
                        .status());
    }

    @Test
    void aFailingPanelShowsItsErrorInItsPlaceAndTheOthersStill() throws IOException {
        board.add(panel("broken", 350, null));
        board.add(panel("bad-json", 360, PanelContent.json("{not json")));
        JsonNode all = list("autocalibration_run_20250101");
        assertEquals("error", panelNamed(all, "broken").get("kind").asText());
        assertTrue(panelNamed(all, "broken").get("error").asText().contains("content() returned null"));
        assertEquals("error", panelNamed(all, "bad-json").get("kind").asText());
        assertEquals(9, all.get("panels").size(), "seven sections of the page and both panels");
    }

    @Test
    void badIdsDuplicatesAndPanelsThatDoNotApplyAreLeftOut() throws IOException {
        board.add(panel("Bad Id!", 1, PanelContent.html("x")));
        board.add(panel("log", 1, PanelContent.html("a panel may not replace the page's log")));
        DashboardPanel ownLog = PageSection.ALL.get(5);
        board.remove(ownLog);
        board.add(ownLog);
        DashboardPanel notHere = new DashboardPanel() {
            public String id() {
                return "only-failed";
            }

            public String title() {
                return "Only failed runs";
            }

            public int order() {
                return 1;
            }

            public boolean appliesTo(StatusReading r) {
                return r.readable() && r.status().status().jsonName().equals("failed");
            }

            public PanelContent content(StatusReading r) {
                return PanelContent.html("x");
            }
        };
        board.add(notHere);
        JsonNode panels = list("autocalibration_run_20250101").get("panels");
        assertEquals(7, panels.size(), panels.toString());
        assertEquals("page", panels.get(5).get("kind").asText(), "the page's own log section stays");
        assertEquals(
                List.of("log", "log", "only-failed"),
                announced,
                "the page's log went and came back; the invalid id and the impostor are not announced");

        board.remove(notHere);
        assertEquals(List.of("log", "log", "only-failed", "only-failed"), announced);
    }

    @Test
    void thePagesOwnSectionsAreThereOnlyWhileTheirServicesAre() throws IOException {
        PageSection.ALL.forEach(board::remove);
        assertEquals(0, list("autocalibration_run_20250101").get("panels").size());
        board.add(panel("fit-values", 350, PanelContent.html("<p>T1</p>")));
        assertEquals(1, list("autocalibration_run_20250101").get("panels").size());
        PageSection.ALL.forEach(board::add);
        assertEquals(8, list("autocalibration_run_20250101").get("panels").size());
    }

    @Test
    void badRequestsAreToldWhatIsWrong() throws IOException {
        assertEquals(
                400, board.answer(ApiRequest.get("/api/panels"), fixture.index).status());
        Reply unknown = board.answer(ApiRequest.get("/api/panels?experiment=nope"), fixture.index);
        assertEquals(404, unknown.status());
        assertTrue(Fixture.text(unknown).contains("no experiment"), Fixture.text(unknown));
        assertEquals(
                405,
                board.answer(new ApiRequest("POST", "/api/panels", java.util.Map.of(), null), fixture.index)
                        .status());
    }

    private JsonNode list(String experiment) throws IOException {
        Reply r = board.answer(ApiRequest.get("/api/panels?experiment=" + experiment), fixture.index);
        assertEquals(200, r.status(), Fixture.text(r));
        return Json.MAPPER.readTree(Fixture.text(r).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode panelNamed(JsonNode list, String id) {
        for (JsonNode p : list.get("panels")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no panel " + id + " in " + list);
    }

    private static DashboardPanel panel(String id, int order, PanelContent content) {
        return new DashboardPanel() {
            public String id() {
                return id;
            }

            public String title() {
                return "Panel " + id;
            }

            public int order() {
                return order;
            }

            public PanelContent content(StatusReading r) {
                return content;
            }
        };
    }
}

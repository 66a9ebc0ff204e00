package org.labwatch.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/** The page's own rules, checked on its source: nothing from an experiment can become markup or script. */
class PageTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PageTest.class.getResourceAsStream("/dashboard/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theScriptNeverParsesMarkup() throws IOException {
        String js = resource("app.js");
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "createContextualFragment", "DOMParser", "srcdoc", "javascript:")) {
            assertFalse(js.contains(sink), "app.js uses " + sink);
        }
        // setAttribute with a computed name could set an on* handler; only textContent and properties are used.
        assertFalse(js.contains("setAttribute("), "app.js uses setAttribute");
        // Strings from the server reach the page through textContent and text nodes.
        assertTrue(js.contains("textContent") && js.contains("createTextNode"));
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() throws IOException {
        String html = resource("index.html");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        List<String> sources = new ArrayList<>();
        while (scripts.find()) {
            Matcher src = Pattern.compile("src=\"([a-z]+\\.js)\"").matcher(scripts.group(1));
            assertTrue(src.find(), scripts.group());
            sources.add(src.group(1));
            assertEquals("", scripts.group(2).trim(), "inline script");
        }
        assertEquals(List.of("panels.js", "app.js"), sources, "panels.js first: app.js calls it");
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline handler");
        assertFalse(Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "style attribute");
        assertFalse(html.contains("<style"), "style element");
        assertTrue(html.contains("No status files found"));
    }

    @Test
    void everyElementTheScriptLooksUpExists() throws IOException {
        String js = resource("app.js");
        String html = resource("index.html");
        Matcher ids = Pattern.compile("\\$\\('([a-z0-9-]+)'\\)").matcher(js);
        List<String> missing = new ArrayList<>();
        while (ids.find()) {
            if (!html.contains("id=\"" + ids.group(1) + "\"")) {
                missing.add(ids.group(1));
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void onlyTheListedFilesAreServed() {
        PageFiles files = new PageFiles();
        assertEquals(200, files.answer(ApiRequest.get("/")).status());
        assertEquals("text/css; charset=utf-8", files.answer(ApiRequest.get("/app.css")).headers().get("Content-Type"));
        assertEquals(Reply.PAGE_CSP, files.answer(ApiRequest.get("/")).headers().get("Content-Security-Policy"));
        for (String path : List.of("/dashboard/app.js", "/../app.js", "/org/labwatch/web/PageFiles.class",
                "/META-INF/MANIFEST.MF", "/app.js/", "/%61pp.js")) {
            assertEquals(404, files.answer(ApiRequest.get(path)).status(), path);
        }
    }
}

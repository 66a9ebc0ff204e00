package org.labwatch.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    /** The page's modules, as served: app.js and everything it imports. */
    private static List<String> modules() {
        return PageFiles.FILES.stream().filter(f -> f.endsWith(".js")).toList();
    }

    @Test
    void theScriptsNeverParseMarkup() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : modules()) {
            String js = resource(module);
            all.append(js);
            for (String sink : List.of(
                    "innerHTML",
                    "outerHTML",
                    "insertAdjacentHTML",
                    "document.write",
                    "eval(",
                    "new Function",
                    "createContextualFragment",
                    "DOMParser",
                    "srcdoc",
                    "javascript:")) {
                // panels.js parses a panel's HTML into an inert document, then copies allowed nodes from it one by one.
                if (!(module.equals("panels.js") && sink.equals("DOMParser"))) {
                    assertFalse(js.contains(sink), module + " uses " + sink);
                }
            }
            // setAttribute with a computed name could set an on* handler; only textContent and properties are used.
            assertFalse(js.contains("setAttribute("), module + " uses setAttribute");
        }
        // Strings from the server reach the page through textContent and text nodes.
        assertTrue(all.indexOf("textContent") >= 0 && all.indexOf("createTextNode") >= 0);
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() throws IOException {
        String html = resource("index.html");
        Matcher scripts =
                Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        List<String> sources = new ArrayList<>();
        while (scripts.find()) {
            Matcher src = Pattern.compile("src=\"([a-z]+\\.js)\"").matcher(scripts.group(1));
            assertTrue(src.find(), scripts.group());
            sources.add(src.group(1));
            assertTrue(scripts.group(1).contains("type=\"module\""), "not a module: " + scripts.group());
            assertEquals("", scripts.group(2).trim(), "inline script");
        }
        assertEquals(List.of("app.js"), sources, "app.js imports the other modules");
        assertFalse(
                Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find(),
                "inline handler");
        assertFalse(
                Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find(),
                "style attribute");
        assertFalse(html.contains("<style"), "style element");
        assertTrue(html.contains("No status files found"));
    }

    @Test
    void everyElementTheScriptsLookUpExists() throws IOException {
        String html = resource("index.html");
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (String module : modules()) {
            Matcher ids = Pattern.compile("(?:\\$|getElementById)\\('([a-z0-9-]+)'\\)")
                    .matcher(resource(module));
            while (ids.find()) {
                found++;
                if (!html.contains("id=\"" + ids.group(1) + "\"")) {
                    missing.add(module + ": " + ids.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(found > 50, "the pattern finds the look-ups: " + found);
    }

    /**
     * Every module is imported by another, or is the one index.html loads, and everything imported
     * is served as JavaScript: a module missing from {@link PageFiles#FILES} would be a 404 that
     * stops the whole page. Every file of the page's directory is in that list.
     */
    @Test
    void theModulesImportOnlyServedModules() throws Exception {
        PageFiles files = new PageFiles();
        Pattern importFrom = Pattern.compile("^import [^;]*? from '\\./([a-z]+\\.js)';$", Pattern.MULTILINE);
        Set<String> imported = new TreeSet<>(Set.of("app.js"));
        for (String module : modules()) {
            Matcher m = importFrom.matcher(resource(module));
            while (m.find()) {
                imported.add(m.group(1));
                Reply r = files.answer(ApiRequest.get("/" + m.group(1)));
                assertEquals(200, r.status(), module + " imports " + m.group(1));
                assertEquals("text/javascript; charset=utf-8", r.headers().get("Content-Type"), m.group(1));
            }
        }
        assertEquals(new TreeSet<>(modules()), imported, "served modules that nothing imports, or the reverse");
        try (Stream<Path> dir =
                Files.list(Path.of(PageTest.class.getResource("/dashboard/").toURI()))) {
            assertEquals(
                    new TreeSet<>(PageFiles.FILES),
                    dir.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "files of dashboard/ and the served list");
        }
    }

    @Test
    void onlyTheListedFilesAreServed() {
        PageFiles files = new PageFiles();
        assertEquals(200, files.answer(ApiRequest.get("/")).status());
        assertEquals(
                "text/css; charset=utf-8",
                files.answer(ApiRequest.get("/app.css")).headers().get("Content-Type"));
        assertEquals(Reply.PAGE_CSP, files.answer(ApiRequest.get("/")).headers().get("Content-Security-Policy"));
        for (String path : List.of(
                "/dashboard/app.js",
                "/../app.js",
                "/org/labwatch/web/PageFiles.class",
                "/META-INF/MANIFEST.MF",
                "/app.js/",
                "/%61pp.js",
                "/uplot/",
                "/uplot/uPlot.cjs.js",
                "/uplot/package.json")) {
            assertEquals(404, files.answer(ApiRequest.get(path)).status(), path);
        }
    }

    /**
     * The chart library (uPlot, from its webjar at build time) is served from the bundle: the script
     * a module imports as JavaScript, its style sheet, and its MIT license beside them. Like the
     * page's own modules, it never parses markup or sets a style attribute (the CSP would refuse
     * the latter; setting style properties from script is allowed).
     */
    @Test
    void theChartLibraryIsServedWithItsLicense() throws IOException {
        PageFiles files = new PageFiles();
        Pattern importLibrary = Pattern.compile("^import [^;]*? from '\\./(uplot/[^']+)';$", Pattern.MULTILINE);
        Set<String> imported = new TreeSet<>();
        for (String module : modules()) {
            Matcher m = importLibrary.matcher(resource(module));
            while (m.find()) {
                imported.add(m.group(1));
            }
        }
        assertEquals(Set.of("uplot/uPlot.esm.js"), imported);
        Reply script = files.answer(ApiRequest.get("/uplot/uPlot.esm.js"));
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.headers().get("Content-Type"));
        String js = new String(script.body(), StandardCharsets.UTF_8);
        assertTrue(js.contains("export { uPlot as default }"), "not the ES module build");
        for (String sink : List.of(
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                "setAttribute(")) {
            assertFalse(js.contains(sink), "uPlot uses " + sink);
        }
        Reply css = files.answer(ApiRequest.get("/uplot/uPlot.min.css"));
        assertEquals(200, css.status());
        assertEquals("text/css; charset=utf-8", css.headers().get("Content-Type"));
        assertTrue(resource("index.html").contains("<link rel=\"stylesheet\" href=\"uplot/uPlot.min.css\">"));
        Reply license = files.answer(ApiRequest.get("/uplot/LICENSE"));
        assertEquals(200, license.status());
        String text = new String(license.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("The MIT License") && text.contains("Leon Sorokin"), text);
    }
}

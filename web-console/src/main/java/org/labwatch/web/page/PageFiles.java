package org.labwatch.web.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/**
 * The dashboard page: static files shipped in the bundle under {@code dashboard/}, served from a
 * fixed list (nothing else in the bundle is reachable), with their types and a hash ETag. The one
 * library of the page, uPlot (MIT), comes from its webjar into the bundle's {@code uplot/} at build
 * time (web-console's pom) and is served from there as {@code uplot/...}, with its license.
 *
 * <p>The scripts are JavaScript modules: {@code index.html} loads {@code app.js} with
 * {@code type="module"}, and it imports the others. A browser runs a module only when it comes with
 * a JavaScript content type, which every {@code .js} file here has; the page's
 * {@code script-src 'self'} covers modules from the same origin. A module added to the page must be
 * added to {@link #FILES} too: the page test checks that every module imported is served.
 */
public final class PageFiles {

    private record File(String contentType, byte[] bytes, String etag) {}

    /** Every file of the page; a request for any other name is a 404. */
    static final List<String> FILES = List.of(
            "index.html",
            "app.css",
            "notify.css",
            "favicon.svg",
            // app.js is the module index.html loads; the others are the modules it imports, by job.
            "app.js",
            "router.js",
            "view.js",
            "events.js",
            "list.js",
            "experiment.js",
            "log.js",
            "metrics.js",
            "compare.js",
            "chart.js",
            "notify.js",
            "panels.js",
            "summary.js",
            "api.js",
            "format.js",
            "notices.js",
            "dom.js");

    /** The library files, by the name the page asks for; each is its bundle resource under {@code /}. */
    static final Map<String, String> LIBRARY = Map.of(
            "uplot/uPlot.esm.js", "text/javascript; charset=utf-8",
            "uplot/uPlot.min.css", "text/css; charset=utf-8",
            "uplot/LICENSE", "text/plain; charset=utf-8");

    /** Content types by file name ending. */
    static final Map<String, String> TYPES = Map.of(
            ".html", "text/html; charset=utf-8",
            ".js", "text/javascript; charset=utf-8",
            ".css", "text/css; charset=utf-8",
            ".svg", "image/svg+xml");

    private final Map<String, File> files = new HashMap<>();

    public PageFiles() {
        for (String name : FILES) {
            load(name, "dashboard/" + name, type(name));
        }
        LIBRARY.forEach((name, type) -> load(name, name, type));
    }

    private void load(String name, String resource, String type) {
        try (InputStream in = PageFiles.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the bundle");
            }
            byte[] bytes = in.readAllBytes();
            files.put(name, new File(type, bytes, Reply.hashTag(bytes)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String type(String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.')));
        if (type == null) {
            throw new IllegalStateException("dashboard/" + name + " has no content type in PageFiles.TYPES");
        }
        return type;
    }

    public Reply answer(ApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.error(405, request.method() + " is not supported here").header("Allow", "GET, HEAD");
        }
        String path = request.rawPath();
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        File f = files.get(name);
        if (f == null) {
            return Reply.error(404, "no such page; the dashboard is at /, the API under /api/");
        }
        return Reply.bytes(200, f.contentType(), f.bytes()).etag(f.etag()).conditional(request.ifNoneMatch());
    }
}

package org.labwatch.web.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/**
 * The dashboard page: static files shipped in the bundle under {@code dashboard/}, served from a
 * fixed list (nothing else in the bundle is reachable), with their types and a hash ETag.
 */
public final class PageFiles {

    private record File(String contentType, byte[] bytes, String etag) {
    }

    static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "panels.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, File> files = new HashMap<>();

    public PageFiles() {
        for (Map.Entry<String, String> e : TYPES.entrySet()) {
            try (InputStream in = PageFiles.class.getResourceAsStream("/dashboard/" + e.getKey())) {
                if (in == null) {
                    throw new IllegalStateException("dashboard/" + e.getKey() + " is missing from the bundle");
                }
                byte[] bytes = in.readAllBytes();
                files.put(e.getKey(), new File(e.getValue(), bytes, Reply.hashTag(bytes)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
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

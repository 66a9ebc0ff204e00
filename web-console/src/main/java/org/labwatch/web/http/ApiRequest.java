package org.labwatch.web.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request as the read side needs it, whoever received it (a whiteboard servlet, or a test's
 * plain HTTP server): method, raw path (still percent-encoded), first value of each query
 * parameter, and the conditional-request header.
 */
public record ApiRequest(String method, String rawPath, Map<String, String> query, String ifNoneMatch) {

    public static ApiRequest get(String rawPathAndQuery) {
        int q = rawPathAndQuery.indexOf('?');
        return q < 0
                ? new ApiRequest("GET", rawPathAndQuery, Map.of(), null)
                : new ApiRequest(
                        "GET", rawPathAndQuery.substring(0, q), parseQuery(rawPathAndQuery.substring(q + 1)), null);
    }

    public ApiRequest withIfNoneMatch(String etag) {
        return new ApiRequest(method, rawPath, query, etag);
    }

    /** First value of each parameter; a malformed escape makes the parameter's value the raw text. */
    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(key, value);
        }
        return out;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}

package org.labwatch.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a request gets: a status, a JSON object and any extra headers. */
record Answer(int status, Map<String, Object> body, Map<String, String> headers) {

    static Answer ok(Map<String, Object> body) {
        return new Answer(200, body, Map.of());
    }

    /** {@code {"error": message}} plus the fields named, as docs/remote.md says every error answer is. */
    static Answer error(int status, String message, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return new Answer(status, body, Map.of());
    }

    static Answer unavailable(String message, int retryAfterSeconds) {
        return error(503, message).with("Retry-After", Integer.toString(retryAfterSeconds));
    }

    Answer with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new Answer(status, body, Map.copyOf(h));
    }
}

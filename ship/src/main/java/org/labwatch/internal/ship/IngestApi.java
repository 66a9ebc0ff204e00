package org.labwatch.internal.ship;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The requests of ingest protocol v1 (docs/remote.md), one at a time, each answered or failed as
 * an {@link IngestFailure}. A conflict (409) is an answer: it carries the server's length or
 * version, which the caller continues from.
 */
final class IngestApi {

    /** An acknowledgement: the length (logs) or version (status) the server now holds. */
    record Ack(long value, boolean conflict) {}

    /**
     * How many bytes of the root the shipper still has to send after this request: while the server
     * hears it, the root's runs show as catching up rather than stale.
     */
    static final String BEHIND = "Labwatch-Behind";

    private final ShipServer server;
    private final Duration timeout;

    IngestApi(ShipServer server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    ShipServer server() {
        return server;
    }

    Hello hello() throws IngestFailure {
        Map<String, Object> answer = answerOf(send(request(server.base()).GET()), false);
        Map<String, Object> limits = object(answer, "limits");
        return new Hello(
                (int) number(answer, "protocol"),
                text(answer, "source"),
                new Limits(number(limits, "chunkBytes"), number(limits, "statusBytes"), number(limits, "plotBytes")));
    }

    ServerCopy manifest(String source, String root) throws IngestFailure {
        Map<String, Object> answer = answerOf(send(request(uri(source, root)).GET()), false);
        ServerCopy copy = new ServerCopy();
        for (Section s : new Section[] {Section.LOGS, Section.METRICS}) {
            Map<String, Object> files = optionalObject(answer, s.dir);
            for (String file : files.keySet()) {
                copy.length(s, file, number(files, file));
            }
        }
        Map<String, Object> statuses = optionalObject(answer, Section.STATUS.dir);
        for (String file : statuses.keySet()) {
            Map<String, Object> status = object(statuses, file);
            copy.statuses.put(file, new ServerCopy.Status(number(status, "version"), text(status, "sha256")));
        }
        Map<String, Object> plots = optionalObject(answer, Section.PLOTS.dir);
        for (String file : plots.keySet()) {
            copy.plots.put(file, text(plots, file));
        }
        return copy;
    }

    /** @param behind the bytes of the root left to send after this request ({@code Labwatch-Behind}) */
    Ack append(String source, String root, Section section, String file, long offset, byte[] bytes, long behind)
            throws IngestFailure {
        URI uri = URI.create(uri(source, root, section.dir, file) + "?offset=" + offset);
        HttpResponse<String> response = send(request(uri)
                .header(BEHIND, Long.toString(behind))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        Map<String, Object> answer = answerOf(response, true);
        return new Ack(number(answer, "length"), response.statusCode() == 409);
    }

    Ack putStatus(String source, String root, String file, long version, byte[] json, long behind)
            throws IngestFailure {
        URI uri = URI.create(uri(source, root, Section.STATUS.dir, file) + "?version=" + version);
        HttpResponse<String> response = send(request(uri)
                .header(BEHIND, Long.toString(behind))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
        Map<String, Object> answer = answerOf(response, true);
        return new Ack(number(answer, "version"), response.statusCode() == 409);
    }

    /** @return the SHA-256 the server stored the plot under */
    String putPlot(String source, String root, String file, byte[] image, long behind) throws IngestFailure {
        HttpResponse<String> response = send(request(uri(source, root, Section.PLOTS.dir, file))
                .header(BEHIND, Long.toString(behind))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)));
        return text(answerOf(response, false), "sha256");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "labwatch-ship/1");
        String token = server.token() == null ? null : server.token().value();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private URI uri(String... segments) {
        StringBuilder path = new StringBuilder(server.base().toString());
        for (int i = 0; i < segments.length; i++) {
            path.append(i == 0 ? "" : "/").append(PathSegments.encode(segments[i]));
        }
        return URI.create(path.toString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IngestFailure {
        HttpRequest r = request.build();
        try {
            return server.http().send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new IngestFailure(
                    IngestFailure.Kind.UNAVAILABLE,
                    0,
                    "no answer within " + Durations.text(timeout) + " to " + r.method() + " "
                            + r.uri().getPath(),
                    null,
                    e);
        } catch (IOException e) {
            throw new IngestFailure(
                    IngestFailure.Kind.UNAVAILABLE,
                    0,
                    r.method() + " " + r.uri().getPath() + ": " + describe(e),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestFailure(IngestFailure.Kind.UNAVAILABLE, 0, "interrupted", null, e);
        }
    }

    /** The answer's JSON object for 200 (and 409 when {@code conflictAnswers}); a failure for anything else. */
    private Map<String, Object> answerOf(HttpResponse<String> response, boolean conflictAnswers) throws IngestFailure {
        int code = response.statusCode();
        String what =
                response.request().method() + " " + response.request().uri().getRawPath() + " answered " + code;
        if (code == 200 || code == 409 && conflictAnswers) {
            try {
                return Json.parseObject(response.body());
            } catch (IllegalArgumentException e) {
                throw new IngestFailure(
                        IngestFailure.Kind.UNAVAILABLE,
                        code,
                        what + " with an answer that is not the protocol's (" + e.getMessage() + ")",
                        null,
                        e);
            }
        }
        String error = errorOf(response.body());
        IngestFailure.Kind kind = switch (code) {
            case 400, 413 -> IngestFailure.Kind.REJECTED;
            case 401, 403 -> IngestFailure.Kind.REFUSED;
            default -> IngestFailure.Kind.UNAVAILABLE;
        };
        throw new IngestFailure(
                kind, code, what + (error == null ? "" : ": " + error), retryAfter(response.headers()), null);
    }

    private static String errorOf(String body) {
        try {
            Object error = Json.parseObject(body).get("error");
            return error instanceof String s ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Duration retryAfter(HttpHeaders headers) {
        try {
            return headers.firstValue("Retry-After")
                    .map(s -> Duration.ofSeconds(Long.parseLong(s.trim())))
                    .orElse(null);
        } catch (NumberFormatException e) {
            // An HTTP date: rare, and the backoff does as well.
            return null;
        }
    }

    private static Map<String, Object> object(Map<String, Object> answer, String name) throws IngestFailure {
        Object value = answer.get(name);
        if (!(value instanceof Map)) {
            throw garbled("'" + name + "' is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    private static Map<String, Object> optionalObject(Map<String, Object> answer, String name) throws IngestFailure {
        return answer.get(name) == null ? Map.of() : object(answer, name);
    }

    private static long number(Map<String, Object> answer, String name) throws IngestFailure {
        if (answer.get(name) instanceof BigDecimal n) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw garbled("'" + name + "' is not a whole number");
            }
        }
        throw garbled("'" + name + "' is not a number");
    }

    private static String text(Map<String, Object> answer, String name) throws IngestFailure {
        if (answer.get(name) instanceof String s) {
            return s;
        }
        throw garbled("'" + name + "' is not a string");
    }

    private static IngestFailure garbled(String what) {
        return new IngestFailure(
                IngestFailure.Kind.UNAVAILABLE, 200, "an answer that is not the protocol's: " + what, null, null);
    }

    static String describe(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            // HttpClient's ConnectException often has no message, its cause a bare ClosedChannelException.
            return "cannot connect (" + (e.getMessage() == null ? "refused or unreachable" : e.getMessage()) + ")";
        }
        if (String.valueOf(e.getMessage()).contains("received no bytes")) {
            // HttpClient's words for a connection closed before any answer (a dropped connection, a proxy's refusal).
            return "the connection closed without an answer";
        }
        // HttpClient wraps the interesting cause (SSL trouble, a reset) in exceptions without a message.
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

package org.labwatch.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Server-Sent Events client over real HTTP for the tests and the bench: frames are parsed as a
 * browser's EventSource does, every event is kept with the {@link System#nanoTime()} it arrived
 * at (latency measurements), and {@link #await} takes the next matching event or fails saying
 * what did arrive. Every event is kept for the client's life: right for a test or a bench run of
 * a few thousand events, not for a stream left open for days.
 *
 * <pre>{@code
 * try (SseClient sse = SseClient.to(base + "/api/events").lastEventId(id).basicAuth("karaf", "karaf").connect()) {
 *     SseClient.Event e = sse.await("changed", "\"id\":\"run\"", Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SseClient implements AutoCloseable {

    /** One dispatched event; {@code kind} is the {@code event:} field, "message" when there was none. */
    public record Event(String id, String kind, String data, long receivedNanos) {
        @Override
        public String toString() {
            // Bounded: a failure message lists many of these, and a log event's data can be 64 KB.
            String shown = data.length() > 160 ? data.substring(0, 160) + "…(" + data.length() + " chars)" : data;
            return kind + (id == null ? "" : " #" + id) + " " + shown;
        }
    }

    /** Shared: a client per test would leave a selector thread each behind. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The events a failure message lists; the rest are counted. */
    private static final int SHOWN = 20;

    private final String url;
    private final HttpResponse<InputStream> response;
    /** Every event in arrival order; guarded by {@code this}. */
    private final List<Event> events = new ArrayList<>();
    /** Index in {@link #events} of the first event {@link #await} has not yet taken or skipped. */
    private int next;

    private Long retryMillis;
    private String endedBy;

    private SseClient(String url, HttpResponse<InputStream> response) {
        this.url = url;
        this.response = response;
        Thread reader = new Thread(this::read, "sse-client " + url);
        reader.setDaemon(true);
        reader.start();
    }

    /** A stream to open: {@code SseClient.to(url)...connect()}. */
    public static Request to(String url) {
        return new Request(url);
    }

    /** Opens {@code url} with no extra header. */
    public static SseClient connect(String url) throws IOException, InterruptedException {
        return to(url).connect();
    }

    /** The options of a stream before it is opened. */
    public static final class Request {
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpClient client = HTTP;
        private Duration timeout = Duration.ofSeconds(10);

        private Request(String url) {
            this.url = url;
        }

        /** Resumes after this id, as a browser does on reconnect; null sends no header. */
        public Request lastEventId(String id) {
            return id == null ? this : header("Last-Event-ID", id);
        }

        public Request basicAuth(String user, String password) {
            return header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Another HTTP client (a test's own, with its cookie handler or executor). */
        public Request via(HttpClient httpClient) {
            this.client = httpClient;
            return this;
        }

        /** How long to wait for the answer's headers; the stream itself has no timeout. */
        public Request timeout(Duration headersWithin) {
            this.timeout = headersWithin;
            return this;
        }

        /**
         * Sends the request and starts reading. Any status is accepted, so a test can assert a 401
         * or 404 on {@link #response()}; awaiting events of such a stream fails naming the status.
         */
        public SseClient connect() throws IOException, InterruptedException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "text/event-stream");
            headers.forEach(b::header);
            return new SseClient(url, client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
    }

    /** Status and headers; the body is this client's to read. */
    public HttpResponse<InputStream> response() {
        return response;
    }

    public int status() {
        return response.statusCode();
    }

    /** The last {@code retry:} the server sent, if any. */
    public synchronized Optional<Long> retryMillis() {
        return Optional.ofNullable(retryMillis);
    }

    /** Every event received so far, including those {@link #await} skipped or took. */
    public synchronized List<Event> received() {
        return List.copyOf(events);
    }

    /** The kinds of {@link #received()}, in arrival order. */
    public List<String> kinds() {
        return received().stream().map(Event::kind).toList();
    }

    /**
     * The first event after the last one awaited that matches; the events before it are skipped
     * (they stay in {@link #received()}). Fails after {@code timeout} with {@code what}, the HTTP
     * status, whether the stream ended, and the events that arrived meanwhile.
     */
    public Event await(String what, Duration timeout, Predicate<Event> match) {
        try {
            // In the calling thread and polled every few ms: cheap next to an HTTP event, and the
            // latency a caller measures comes from receivedNanos, not from when the poll saw it.
            return Awaitility.await(what)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .until(() -> take(match), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "no " + what + " within " + timeout.toMillis() + " ms from " + url + "; " + seenSince(), e);
        }
    }

    /** The next event of {@code kind}. */
    public Event await(String kind, Duration timeout) {
        return await("'" + kind + "' event", timeout, e -> e.kind().equals(kind));
    }

    /** The next event of {@code kind} whose data contains {@code part}. */
    public Event await(String kind, String part, Duration timeout) {
        return await(
                "'" + kind + "' event with " + part,
                timeout,
                e -> e.kind().equals(kind) && e.data().contains(part));
    }

    private synchronized Optional<Event> take(Predicate<Event> match) {
        for (int i = next; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                next = i + 1;
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    /** What a failure should show: the events a matching one could have been. */
    private synchronized String seenSince() {
        List<Event> since = events.subList(next, events.size());
        StringBuilder s = new StringBuilder("HTTP ")
                .append(response.statusCode())
                .append(endedBy == null ? ", stream open" : ", stream ended (" + endedBy + ")")
                .append("; ")
                .append(since.size())
                .append(" event(s) since the last one awaited");
        for (Event e : since.subList(0, Math.min(SHOWN, since.size()))) {
            s.append("\n  ").append(e);
        }
        if (since.size() > SHOWN) {
            s.append("\n  … and ").append(since.size() - SHOWN).append(" more");
        }
        return s.toString();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Frames frames = new Frames();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Event e = frames.line(line);
                synchronized (this) {
                    if (e != null) {
                        events.add(e);
                    }
                    retryMillis = frames.retryMillis;
                }
            }
            ended("end of stream");
        } catch (IOException e) {
            // Also how close() stops this thread; a failure message then says so.
            ended(e.toString());
        }
    }

    private synchronized void ended(String how) {
        endedBy = how;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }

    /** The EventSource parsing rules (HTML Living Standard, "Server-sent events"), line by line. */
    static final class Frames {
        private String lastId;
        private String kind;
        private StringBuilder data;
        Long retryMillis;

        /** The event this line dispatches, or null. */
        Event line(String line) {
            if (line.isEmpty()) {
                Event e = data == null
                        ? null
                        : new Event(lastId, kind == null ? "message" : kind, data.toString(), System.nanoTime());
                kind = null;
                data = null;
                return e;
            }
            if (line.startsWith(":")) {
                return null;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
            switch (field) {
                case "id" -> lastId = value; // kept for the following events too, as EventSource's lastEventId
                case "event" -> kind = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                case "retry" -> {
                    if (value.matches("\\d+")) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> {
                    // unknown fields are ignored, as by browsers
                }
            }
            return null;
        }
    }
}

package org.labwatch.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the JDK's HTTP server sending fixed frames. */
class SseClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private HttpServer server;
    private final Map<String, String> requestHeaders = new ConcurrentHashMap<>();
    private volatile String body = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> requestHeaders.put(k.toLowerCase(), v.get(0)));
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    @Test
    void framesAreParsedAsEventSourceDoes() throws Exception {
        body = "retry: 3000\n\n: keep-alive\n\n"
                + "id: 7\nevent: added\ndata: {\"id\":\"a\"}\n\n"
                + "data:first line\r\ndata: second line\r\n\r\n" // no event field, no space, CRLF; the id stays 7
                + "id: 9\nevent: changed\nunknown: ignored\ndata: x\n\n"
                + "event: without-data\n\n";
        try (SseClient sse = SseClient.connect(url())) {
            assertEquals(200, sse.status());
            SseClient.Event changed = sse.await("changed", WAIT);
            assertEquals(List.of("added", "message", "changed"), sse.kinds());
            List<SseClient.Event> all = sse.received();
            assertEquals("7", all.get(0).id());
            assertEquals("{\"id\":\"a\"}", all.get(0).data());
            assertEquals("7", all.get(1).id());
            assertEquals("first line\nsecond line", all.get(1).data());
            assertEquals("9", changed.id());
            assertEquals("x", changed.data());
            assertEquals(3000L, sse.retryMillis().orElseThrow());
        }
    }

    @Test
    void headersAreSent() throws Exception {
        body = "data: hello\n\n";
        try (SseClient sse = SseClient.to(url())
                .lastEventId("41")
                .basicAuth("karaf", "s3cret")
                .header("X-Test", "yes")
                .connect()) {
            sse.await("message", WAIT);
        }
        assertEquals("41", requestHeaders.get("last-event-id"));
        assertEquals("Basic a2FyYWY6czNjcmV0", requestHeaders.get("authorization"));
        assertEquals("yes", requestHeaders.get("x-test"));
        assertEquals("text/event-stream", requestHeaders.get("accept"));
    }

    @Test
    void awaitTakesEventsInOrderAndSkipsTheOthers() throws Exception {
        body = "event: log\ndata: 1\n\nevent: added\ndata: 2\n\nevent: log\ndata: 3\n\nevent: added\ndata: 4\n\n";
        try (SseClient sse = SseClient.connect(url())) {
            assertEquals("2", sse.await("added", WAIT).data());
            assertEquals("3", sse.await("log", WAIT).data(), "the log before the first 'added' was skipped");
            assertEquals("4", sse.await("added", "4", WAIT).data());
            assertEquals(4, sse.received().size());
        }
    }

    @Test
    void aFailedAwaitShowsWhatArrived() throws Exception {
        body = "id: 1\nevent: added\ndata: {\"id\":\"other\"}\n\nevent: reset\ndata: {}\n\n";
        try (SseClient sse = SseClient.connect(url())) {
            AssertionError e = assertThrows(
                    AssertionError.class, () -> sse.await("changed", "\"id\":\"mine\"", Duration.ofMillis(300)));
            String m = e.getMessage();
            assertTrue(m.startsWith("no 'changed' event with \"id\":\"mine\" within 300 ms from " + url()), m);
            assertTrue(m.contains("HTTP 200, stream ended (end of stream); 2 event(s) since the last one awaited"), m);
            assertTrue(m.contains("\n  added #1 {\"id\":\"other\"}\n  reset #1 {}"), m);
        }
    }
}

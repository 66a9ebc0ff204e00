package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a slow, greedy or oversized client gets, and that the other sources do not notice it. */
class IngestLimitsTest {

    @TempDir
    Path dir;

    IngestServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /**
     * Headers promising {@code length} bytes of a log chunk, its first byte, and then nothing. (With
     * no byte at all, Jetty does not even hand the request to a servlet before its idle timeout.)
     */
    Socket stalled(String token, String source, String file, int length) throws Exception {
        return server.raw("POST /api/ingest/v1/" + source + "/qubit1/logs/" + file + "?offset=0 HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + length + "\r\n\r\nx");
    }

    @Test
    void clientsThatSendHeadersAndThenNothingDelayNoOtherSourceAndGet408() throws Exception {
        server = new IngestServer(dir, Map.of("readTimeoutMs", 1500L));
        String slow = server.token("slow-pc");
        String fast = server.token("fast-pc");
        // One sends the headers only (Jetty keeps that one to itself until a byte of the body comes),
        // the other the headers and the first byte of the body (the ingest waits for the rest).
        try (Socket headersOnly = server.raw("POST /api/ingest/v1/slow-pc/qubit1/logs/b.log?offset=0 HTTP/1.1\r\n"
                        + "Host: x\r\nAuthorization: Bearer " + slow + "\r\nContent-Length: 100\r\n\r\n");
                Socket stalled = stalled(slow, "slow-pc", "a.log", 100)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.ingest.gate().inFlight("slow-pc") == 1);
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                IngestServer.Reply r = server.post(fast, "/v1/fast-pc/qubit1/logs/a.log?offset=0", "x".getBytes(UTF_8));
                assertEquals(200, r.status());
            });

            String answer = IngestServer.answerOf(stalled);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("within 1500 ms"), answer);
        }
        assertFalse(Files.exists(server.remote.resolve("slow-pc")), "nothing of the slow requests written");
    }

    @Test
    void aBodyWithoutALengthIsCutOffAt413AsSoonAsItPassesTheLimit() throws Exception {
        server = new IngestServer(dir, Map.of("chunkBytes", 1024L));
        String token = server.token("fridge-pc");
        try (Socket socket = server.raw("POST /api/ingest/v1/fridge-pc/qubit1/logs/a.log?offset=0 HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            OutputStream out = socket.getOutputStream();
            // 600 bytes, then 600 more: over the limit, in chunks; the stream never ends on its own.
            for (int i = 0; i < 2; i++) {
                out.write(("258\r\n" + "x".repeat(600) + "\r\n").getBytes(UTF_8));
                out.flush();
            }
            String answer = IngestServer.answerOf(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("limit of 1024 bytes"), answer);
        }
        assertFalse(Files.exists(server.remote.resolve("fridge-pc/qubit1/monitoring/logs/a.log")));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsTaken() throws Exception {
        server = new IngestServer(dir, Map.of("chunkBytes", 1024L));
        String token = server.token("fridge-pc");
        try (Socket socket = server.raw("POST /api/ingest/v1/fridge-pc/qubit1/logs/a.log?offset=0 HTTP/1.1\r\n"
                + "Host: x\r\nConnection: close\r\nAuthorization: Bearer " + token
                + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")) {
            IngestServer.Reply r = IngestServer.parse(IngestServer.answerOf(socket));
            assertEquals(200, r.status(), r.text());
            assertEquals(11, r.number("length"));
        }
        assertEquals("hello world", Files.readString(server.remote.resolve("fridge-pc/qubit1/monitoring/logs/a.log")));
    }

    @Test
    void aSourceWithTooManyRequestsInFlightGets429AndTheOthersDoNot() throws Exception {
        server = new IngestServer(dir, Map.of("maxRequestsPerSource", 2));
        String greedy = server.token("greedy-pc");
        String other = server.token("other-pc");
        Socket first = stalled(greedy, "greedy-pc", "a.log", 10);
        Socket second = stalled(greedy, "greedy-pc", "b.log", 10);
        try {
            // Both stalled requests hold their pass once the server has them; until then a third may still get in.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.ingest.gate().inFlight("greedy-pc") == 2);
            IngestServer.Reply third =
                    server.post(greedy, "/v1/greedy-pc/qubit1/logs/c.log?offset=0", "x".getBytes(UTF_8));
            assertEquals(429, third.status());
            assertEquals("1", third.headers().get("Retry-After"));
            assertEquals(200, server.get(greedy, "/v1/").status(), "hello takes no pass");
            assertEquals(
                    200,
                    server.post(other, "/v1/other-pc/qubit1/logs/c.log?offset=0", "x".getBytes(UTF_8))
                            .status());
        } finally {
            first.close();
            second.close();
        }
        // A client that goes away gives its pass back.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(
                        200,
                        server.post(greedy, "/v1/greedy-pc/qubit1/logs/c.log?offset=0", "x".getBytes(UTF_8))
                                .status()));
        assertEquals(0, server.ingest.gate().inFlight("other-pc"));
    }

    @Test
    void bodiesBeyondTheMemoryForBodiesInFlightGet503UntilItIsFreeAgain() throws Exception {
        server = new IngestServer(
                dir,
                Map.of(
                        "chunkBytes", 2000L,
                        "statusBytes", 2000L,
                        "plotBytes", 2000L,
                        "bodyBytesInFlight", 3000L));
        String slow = server.token("slow-pc");
        String other = server.token("other-pc");
        byte[] big = "x".repeat(1500).getBytes(UTF_8);
        try (Socket stalled = stalled(slow, "slow-pc", "a.log", 2000)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.ingest.budget().used() == 2000);
            // Raw requests: their Content-Length is what the server reserves at once.
            IngestServer.Reply refused = server.raw("POST", "/v1/other-pc/qubit1/logs/big.log?offset=0", other, big);
            assertEquals(503, refused.status(), refused.text());
            assertEquals("2", refused.headers().get("Retry-After"));
            assertFalse(Files.exists(server.remote.resolve("other-pc")));
            IngestServer.Reply fits = server.post(
                    other,
                    "/v1/other-pc/qubit1/logs/small.log?offset=0",
                    "x".repeat(500).getBytes(UTF_8));
            assertEquals(200, fits.status(), "a body that fits is taken: " + fits.text());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.ingest.budget().used() == 0);
        assertEquals(
                200,
                server.post(other, "/v1/other-pc/qubit1/logs/big.log?offset=0", big)
                        .status());
    }

    @Test
    void eightClientsSendingTheSameChunkAtOnceAppendItOnce() throws Exception {
        server = new IngestServer(dir, Map.of("maxRequestsPerSource", 8));
        String token = server.token("fridge-pc");
        byte[] chunk = "2025-01-01 12:00:00,000 - INFO - one line\n".getBytes(UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sends.add(() -> server.post(token, "/v1/fridge-pc/qubit1/logs/a.log?offset=0", chunk)
                        .status());
            }
            for (Future<Integer> f : pool.invokeAll(sends)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(
                new String(chunk, UTF_8),
                Files.readString(server.remote.resolve("fridge-pc/qubit1/monitoring/logs/a.log")));
    }
}

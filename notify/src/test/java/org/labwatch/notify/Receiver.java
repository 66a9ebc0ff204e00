package org.labwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on a real port: answers 200, 429 with Retry-After, 500, 404, or never (hangs),
 * as the test switches it, and keeps every request it got.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Answer {
        OK,
        TOO_MANY,
        FAIL,
        NOT_FOUND,
        HANG
    }

    record Request(String body, Map<String, String> headers, Instant at, int status) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The events of the request: one object, or each of an array. */
        List<JsonNode> items() {
            JsonNode n = json();
            List<JsonNode> out = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(out::add);
            } else {
                out.add(n);
            }
            return out;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Answer answer = Answer.OK;
    volatile String retryAfter = "1";

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0K3N";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            Answer a = answer;
            int status = switch (a) {
                case OK -> 200;
                case TOO_MANY -> 429;
                case FAIL -> 500;
                case NOT_FOUND -> 404;
                case HANG -> 0;
            };
            requests.add(new Request(new String(body, StandardCharsets.UTF_8), headers, Instant.now(), status));
            if (a == Answer.HANG) {
                release.await(30, TimeUnit.SECONDS);
                return;
            }
            if (a == Answer.TOO_MANY) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every request, answered or not. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests it answered 2xx: what the channel delivered. */
    List<Request> delivered() {
        return requests.stream().filter(r -> r.status() == 200).toList();
    }

    /** The events delivered, flattened out of their requests. */
    List<JsonNode> events() {
        return delivered().stream().flatMap(r -> r.items().stream()).toList();
    }

    List<String> eventLines() {
        return events().stream()
                .map(e -> e.path("event").asText() + " " + e.path("id").asText())
                .toList();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}

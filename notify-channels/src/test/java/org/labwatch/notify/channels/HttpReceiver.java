package org.labwatch.notify.channels;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on the JDK's HTTP server at a random loopback port: records each request and
 * answers what the test set (a status, headers, a body), or holds the request unanswered until it is
 * closed, as a server that hangs.
 */
final class HttpReceiver implements AutoCloseable {

    record Request(String method, String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile Map<String, String> answerHeaders = Map.of();
    private volatile String answerBody = "ok";
    private volatile boolean hang;

    HttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The address a channel's url points to, with a secret-looking path as webhooks have. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    HttpReceiver answer(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.answerBody = body;
        this.answerHeaders = headers;
        return this;
    }

    HttpReceiver hang() {
        this.hang = true;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    Request only() {
        List<Request> r = requests();
        if (r.size() != 1) {
            throw new AssertionError("expected one request, got " + r.size());
        }
        return r.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            requests.add(new Request(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
        }
        if (hang) {
            try {
                closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = answerBody.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

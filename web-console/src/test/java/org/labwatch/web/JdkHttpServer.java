package org.labwatch.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.labwatch.web.api.ExperimentsApi;
import org.labwatch.web.events.EventHub;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;
import org.labwatch.web.page.PageFiles;

/**
 * The read side over real HTTP without Karaf: the same routing as the whiteboard servlets
 * ({@code /api/experiments[/*]}, {@code /api/events}, the page at {@code /}), on the JDK's HTTP
 * server at a random loopback port. What it cannot show is Pax Web's own behaviour; the itests do.
 */
public final class JdkHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExperimentsApi api;
    private final EventHub hub;
    private final PageFiles page = new PageFiles();

    public JdkHttpServer(ExperimentsApi api, EventHub hub) throws IOException {
        this(api, hub, 0);
    }

    public JdkHttpServer(ExperimentsApi api, EventHub hub, int port) throws IOException {
        this.api = api;
        this.hub = hub;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath.equals("/api/events") && hub != null) {
            events(exchange);
            return;
        }
        ApiRequest request = new ApiRequest(
                exchange.getRequestMethod(),
                rawPath,
                ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("If-None-Match"));
        Reply reply = rawPath.equals(ExperimentsApi.PREFIX) || rawPath.startsWith(ExperimentsApi.PREFIX + "/")
                ? api.answer(request)
                : page.answer(request);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            exchange.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        boolean noBody = reply.status() == 304 || request.method().equals("HEAD");
        // -1: no body; 0: chunked, for a body whose length is not known before it is written.
        exchange.sendResponseHeaders(
                reply.status(), noBody || reply.length() == 0 ? -1 : reply.length() < 0 ? 0 : reply.length());
        try (OutputStream out = exchange.getResponseBody()) {
            if (noBody) {
                reply.discard();
            } else {
                reply.writeBody(out);
            }
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        Reply headers = Reply.bytes(200, "text/event-stream; charset=utf-8", new byte[0])
                .header("Cache-Control", "no-store");
        headers.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        CountDownLatch closed = new CountDownLatch(1);
        hub.attach(
                new EventHub.Stream() {
                    @Override
                    public void write(byte[] bytes) throws IOException {
                        out.write(bytes);
                        out.flush();
                    }

                    @Override
                    public void close() {
                        closed.countDown();
                        exchange.close();
                    }
                },
                exchange.getRequestHeaders().getFirst("Last-Event-ID"));
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

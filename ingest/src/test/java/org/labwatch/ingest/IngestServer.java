package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSink;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.status.JsonStatusStore;

/**
 * The ingest servlet in Jetty 9.4 (what Karaf's Pax Web runs), in its own context at
 * {@code /api/ingest} as the whiteboard registers it, writing through the real file log sink, JSON
 * status store and file plot store into {@code <dir>/remote}, with the token file at
 * {@code <dir>/etc/org.labwatch.ingest.tokens}.
 */
final class IngestServer implements AutoCloseable {

    record Reply(int status, JsonNode json, Map<String, String> headers, String text) {
        long number(String field) {
            return json.get(field).asLong();
        }

        String error() {
            return json == null || json.get("error") == null
                    ? text
                    : json.get("error").asText();
        }
    }

    final Path dir;
    final Path remote;
    final TokenFile tokens;
    final Ingest ingest;
    final LogSink logSink = new FileLogSink();
    final StatusStore statusStore = new JsonStatusStore();
    final PlotStore plotStore = new FilePlotStore();
    /** What requests write through; a test takes a store away by replacing it. */
    final AtomicReference<Stores> stores = new AtomicReference<>();

    private final Server server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int port;

    IngestServer(Path dir, Map<String, ?> settings) throws Exception {
        this.dir = dir;
        this.remote = dir.resolve("remote");
        Path tokensFile = dir.resolve("etc").resolve(Settings.TOKENS_FILE_NAME);
        this.tokens = new TokenFile(tokensFile);
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("tokensFile", tokensFile.toString());
        stores.set(new Stores(logSink, statusStore, plotStore, remote));
        this.ingest = new Ingest(Configs.of(IngestConfig.class, all), stores::get);

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/api/ingest");
        ServletHolder holder = new ServletHolder("labwatch-ingest", new IngestServlet(ingest));
        holder.setAsyncSupported(true);
        context.addServlet(holder, IngestServlet.VERSION_PATH);
        context.addServlet(holder, IngestServlet.VERSION_PATH + "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    /** A new source with a token, through the token file as the shell command and the launcher add them. */
    String token(String source) throws IOException {
        return tokens.add(source);
    }

    Reply get(String token, String path) throws Exception {
        return send(token, "GET", path, null);
    }

    Reply post(String token, String path, byte[] body) throws Exception {
        return send(token, "POST", path, body);
    }

    Reply put(String token, String path, byte[] body) throws Exception {
        return send(token, "PUT", path, body);
    }

    /** @param path after {@code /api/ingest}, sent exactly as written (already encoded) */
    Reply send(String token, String method, String path, byte[] body) throws Exception {
        return send(token, method, path, body, token == null ? null : "Bearer " + token);
    }

    /** @param authorization the whole header, or null for none */
    Reply send(String token, String method, String path, byte[] body, String authorization) throws Exception {
        return send(token, method, path, body, authorization, Map.of());
    }

    Reply send(String token, String method, String path, byte[] body, String authorization, Map<String, String> extra)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ingest" + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        extra.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
        JsonNode json = null;
        if (headers.getOrDefault("Content-Type", "").startsWith("application/json")) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, headers, r.body());
    }

    /**
     * A request with exactly this path on the wire (no client normalises or encodes it), on a
     * connection of its own.
     */
    Reply raw(String method, String rawPath, String token, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method + " /api/ingest" + rawPath + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/octet-stream\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = raw(head.toString())) {
            if (body != null) {
                try {
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // the server answered and closed before taking it all (413): its answer is what counts
                }
            }
            return parse(answerOf(socket));
        }
    }

    /** Status, headers and JSON body of a raw HTTP/1.1 answer. */
    static Reply parse(String answer) throws IOException {
        int end = answer.indexOf("\r\n\r\n");
        String[] head = (end < 0 ? answer : answer.substring(0, end)).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        head[i].substring(0, colon).trim(),
                        head[i].substring(colon + 1).trim());
            }
        }
        String body = end < 0 ? "" : answer.substring(end + 4);
        JsonNode json = headers.getOrDefault("Content-Type", "").startsWith("application/json")
                ? Json.MAPPER.readTree(body)
                : null;
        return new Reply(status, json, headers, body);
    }

    /** A connection that sends exactly these bytes, for what a well-behaved client never sends. */
    Socket raw(String headBlock) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(headBlock.getBytes(UTF_8));
        out.flush();
        return socket;
    }

    /** One answer on a raw connection: its head, and as many body bytes as its Content-Length says. */
    static String answerOf(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(UTF_8).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(UTF_8);
            }
            head.write(b);
        }
        String text = head.toString(UTF_8);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(text);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
        return text + new String(body, UTF_8);
    }

    /** Every file under the data directory with its bytes' hash: what a refused request must leave alone. */
    Map<String, String> files() throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(remote)) {
            return out;
        }
        try (Stream<Path> all = Files.walk(remote)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(
                        remote.relativize(p).toString(),
                        Files.isDirectory(p) ? "dir" : Sha256.hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** Also checks that every request gave back what it held: memory for its body, its file locks. */
    @Override
    public void close() throws Exception {
        org.awaitility.Awaitility.await("bodies' memory given back")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ingest.budget().used() == 0);
        server.stop();
        ingest.deactivate();
    }
}

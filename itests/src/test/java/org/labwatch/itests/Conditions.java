package org.labwatch.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting on conditions (with Awaitility), and the small HTTP and port helpers the tests share. */
final class Conditions {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * Every wait here asks a whole distribution over HTTP or SSH: 5 times a second is enough. In
     * the test's thread, as before: a browser's driver is not shared between threads.
     */
    private static final Duration POLL = Duration.ofMillis(200);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Conditions() {}

    /**
     * Polls until {@code condition} gives a non-null value and returns it; fails with {@code what}
     * and {@code lastSeen}. Awaitility does the waiting; this only adds what it has no place for
     * in a value-returning wait: a description of the state (an answer, karaf.log's tail) computed
     * when the wait fails, not at every poll.
     */
    static <T> T await(String what, Duration timeout, Supplier<T> condition, Supplier<String> lastSeen) {
        try {
            return Awaitility.await(what)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .until(condition::get, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: "
                            + lastSeen.get(),
                    e);
        }
    }

    /** Status and body of a GET, or null when nothing answers (yet). */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The status code of a GET (with a bearer token when given) without reading the body (that of
     * /api/events never ends); -1 when nothing answers.
     */
    static int status(int port, String path, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The run {@code id}'s summary in GET /api/experiments, or null while it is not listed (or nothing answers). */
    static JsonNode experiment(int port, String id) {
        HttpResponse<String> r = get(port, "/api/experiments?limit=1000");
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        try {
            for (JsonNode s : JSON.readTree(r.body()).path("experiments")) {
                if (s.path("id").asText().equals(id)) {
                    return s;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    /** The run in GET /api/experiments, waited for (the index finds a new root within a second). */
    static JsonNode awaitListed(int port, String id) {
        return await(
                id + " in /api/experiments",
                Duration.ofSeconds(20),
                () -> experiment(port, id),
                () -> describe(get(port, "/api/experiments?limit=1000")));
    }

    static String describe(HttpResponse<String> response) {
        return response == null ? "no answer" : response.statusCode() + " " + response.body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

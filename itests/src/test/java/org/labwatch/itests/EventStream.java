package org.labwatch.itests;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of {@code /api/events} parsing frames as a browser's EventSource does, each event
 * stamped with the {@link System#nanoTime()} it was received at, for latency measurements.
 */
final class EventStream implements AutoCloseable {

    record Event(String id, String kind, String data, long receivedNanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Every event's kind in arrival order, including those {@link #await} skipped. */
    private final java.util.List<String> kinds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final InputStream body;
    final HttpResponse<InputStream> response;

    EventStream(HttpClient client, int port, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        Thread reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String kind = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        kinds.add(kind == null ? "message" : kind);
                        events.add(new Event(id, kind == null ? "message" : kind, data.toString(), System.nanoTime()));
                    }
                    kind = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    kind = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** The next event that matches, skipping others; fails after {@code timeout}. */
    Event await(String what, Duration timeout, Predicate<Event> match) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms");
            }
            if (match.test(e)) {
                return e;
            }
        }
    }

    /** The next event of this kind whose data contains {@code part}. */
    Event await(String kind, String part, Duration timeout) throws InterruptedException {
        return await("'" + kind + "' event with " + part, timeout, e -> e.kind().equals(kind) && e.data().contains(part));
    }

    java.util.List<String> kindsSoFar() {
        return java.util.List.copyOf(kinds);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}

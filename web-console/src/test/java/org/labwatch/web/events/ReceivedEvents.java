package org.labwatch.web.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** What an event-hub client received, readable while the hub's pool writes. */
public class ReceivedEvents implements EventHub.Stream {

    /** The hub writes within milliseconds; the pool's threads share 2 loaded cores in CI. */
    static final Duration WAIT = Duration.ofSeconds(5);

    static final Duration POLL = Duration.ofMillis(5);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile boolean closed;

    @Override
    public synchronized void write(byte[] b) {
        bytes.write(b, 0, b.length);
    }

    @Override
    public void close() {
        closed = true;
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the text contains {@code part}: the hub writes on its own threads. */
    public String await(String part) {
        // Awaitility by name: this method's own name hides a static import.
        Awaitility.await("the client to receive " + part)
                .atMost(WAIT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertTrue(text().contains(part), () -> "got:\n" + text()));
        return text();
    }

    public List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^id: (\\d+)$").matcher(text());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}

package org.labwatch.web.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.SseClient;
import org.labwatch.web.JdkHttpServer;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.http.Json;

/** {@code metric} events over real HTTP: at most 4 a second per run, whatever the runs append. */
class MetricEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private EventHub hub;
    private MetricEvents events;
    private JdkHttpServer server;
    private SseClient sse;

    @BeforeEach
    void start() throws Exception {
        Fixture f = new Fixture(data);
        hub = new EventHub(Json.MAPPER, f.clock, 1000, Fixture.SUMMARIES);
        events = new MetricEvents(hub, timer);
        server = new JdkHttpServer(f.api, hub);
        sse = SseClient.to(server.base() + "/api/events").via(client).connect();
        await().atMost(WAIT).until(() -> sse.retryMillis().isPresent());
    }

    @AfterEach
    void stop() throws Exception {
        sse.close();
        server.close();
        hub.close();
        timer.shutdownNow();
    }

    private List<JsonNode> metricEvents(String id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (SseClient.Event e : sse.received()) {
            if (e.kind().equals("metric")) {
                JsonNode data = Json.MAPPER.readTree(e.data());
                if (data.get("id").asText().equals(id)) {
                    out.add(data);
                }
            }
        }
        return out;
    }

    private static Set<String> names(List<JsonNode> events) {
        Set<String> out = new TreeSet<>();
        events.forEach(e -> e.get("names").forEach(n -> out.add(n.asText())));
        return out;
    }

    @Test
    void aQuietRunsFirstGrowthIsToldAtOnce() throws Exception {
        events.grew("rabi", Set.of("fit/chi2", "T1_us"));
        SseClient.Event e = sse.await("metric", WAIT);
        assertEquals("{\"id\":\"rabi\",\"names\":[\"T1_us\",\"fit/chi2\"]}", e.data());
    }

    @Test
    void aRunGrowingWithoutPauseIsToldAtMostFourTimesASecondWithEveryName() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        // A value every few milliseconds for 1.5 s, from the poll of Awaitility (no sleeping here).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            int n = calls.incrementAndGet();
            events.grew("busy", Set.of("m" + (n % 7)));
            events.grew("other", Set.of("x"));
            return System.nanoTime() - start > 1_500_000_000L;
        });
        long fedMillis = (System.nanoTime() - start) / 1_000_000;
        await().atMost(WAIT).until(() -> names(metricEvents("busy")).size() == 7);
        // The last growth is told within the gap after it.
        int callsMade = calls.get();
        assertTrue(callsMade > 100, callsMade + " growths fed");
        List<JsonNode> busy = metricEvents("busy");
        long most = fedMillis / MetricEvents.GAP_MS + 2;
        assertTrue(busy.size() <= most, busy.size() + " events in " + fedMillis + " ms, at most " + most);
        assertTrue(busy.size() >= 4, busy.size() + " events: growth is told while it goes on, not only at its end");
        assertTrue(metricEvents("other").size() <= most, "each run has its own budget");
        assertTrue(metricEvents("other").size() >= 4, "and one busy run does not starve another");
        List<Long> gaps = new ArrayList<>();
        List<SseClient.Event> received = sse.received();
        long previous = -1;
        for (SseClient.Event e : received) {
            if (e.kind().equals("metric") && e.data().contains("\"busy\"")) {
                if (previous >= 0) {
                    gaps.add((e.receivedNanos() - previous) / 1_000_000);
                }
                previous = e.receivedNanos();
            }
        }
        // Sent 250 ms apart; a client sees them spread by its own scheduling only.
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElse(0);
        assertTrue(mean >= 200, "mean gap " + mean + " ms: " + gaps);
    }
}

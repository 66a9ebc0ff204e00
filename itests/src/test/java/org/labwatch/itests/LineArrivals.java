package org.labwatch.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.testsupport.SseClient;

/**
 * When the numbered lines of a run ({@code tick 00042 of 00300}, as {@link RemoteClientMain} and
 * the Python test programs log them) arrived at a browser as {@code log} events, and how long
 * they took: the latency measurements of the shipping and scale-out tests.
 */
final class LineArrivals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TICK = Pattern.compile("tick (\\d{5}) of");

    private LineArrivals() {}

    /** Line number to the {@link System#nanoTime()} of the first {@code log} event of run {@code id} that held it. */
    static TreeMap<Integer, Long> of(List<SseClient.Event> events, String id) throws IOException {
        String ofRun = "\"id\":\"" + id + "\"";
        TreeMap<Integer, Long> arrived = new TreeMap<>();
        for (SseClient.Event e : events) {
            if (!e.kind().equals("log") || !e.data().contains(ofRun)) {
                continue;
            }
            for (JsonNode entry : JSON.readTree(e.data()).path("entries")) {
                Matcher m = TICK.matcher(entry.path("message").asText());
                if (m.find()) {
                    arrived.putIfAbsent(Integer.parseInt(m.group(1)), e.receivedNanos());
                }
            }
        }
        return arrived;
    }

    /** The line numbers from the first that arrived up to {@code last} that never did. */
    static List<Integer> missing(TreeMap<Integer, Long> arrived, int last) {
        List<Integer> missing = new ArrayList<>();
        if (arrived.isEmpty()) {
            return missing;
        }
        for (int i = arrived.firstKey(); i <= last; i++) {
            if (!arrived.containsKey(i)) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** Milliseconds from each line's {@code sent} time to its arrival, for the lines that arrived. */
    static List<Long> millis(Map<Integer, Long> arrived, Map<Integer, Long> sent) {
        List<Long> millis = new ArrayList<>();
        arrived.forEach((i, at) -> {
            Long from = sent.get(i);
            if (from != null) {
                millis.add(TimeUnit.NANOSECONDS.toMillis(at - from));
            }
        });
        return millis;
    }

    /** The median, the 95th percentile and the largest of some times, in milliseconds. */
    record Spread(int count, long p50, long p95, long max) {

        static Spread of(Collection<Long> millis) {
            if (millis.isEmpty()) {
                throw new AssertionError("no times to summarise");
            }
            List<Long> sorted = new ArrayList<>(millis);
            sorted.sort(null);
            return new Spread(
                    sorted.size(),
                    sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                    sorted.get(sorted.size() - 1));
        }

        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p95 " + p95 + " ms, max " + max + " ms (" + count + " values)";
        }
    }
}

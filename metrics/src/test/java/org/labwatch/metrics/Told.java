package org.labwatch.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.labwatch.spi.MetricListener;

/** What a metrics watch told, in order: the listener the watch tests hand over, and a wait for one telling. */
final class Told implements MetricListener {

    /** Generous: events come in milliseconds, but other builds share the machine's 2 cores. */
    static final Duration WAIT = Duration.ofSeconds(20);

    record Grew(String id, Set<String> names) {}

    final List<Grew> all = new CopyOnWriteArrayList<>();

    @Override
    public void grew(String runId, Set<String> names) {
        all.add(new Grew(runId, names));
    }

    void await(Grew expected) {
        Awaitility.await("told " + expected).atMost(WAIT).until(() -> all.contains(expected));
    }
}

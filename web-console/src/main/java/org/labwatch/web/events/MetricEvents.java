package org.labwatch.web.events;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.MetricListener;

/**
 * Turns the metric source's growth reports into {@code metric} events, at most one per
 * {@link #GAP_MS} per run: a run may append a value every millisecond, and each event makes every
 * open chart of it fetch its series again. The first report of a quiet run goes out at once; those
 * that follow within the gap are gathered (their names joined) into one event at its end.
 */
public final class MetricEvents implements MetricListener {

    /** 4 events a second per run at most. */
    static final long GAP_MS = 250;

    private static final System.Logger LOG = System.getLogger(MetricEvents.class.getName());

    /** What a run has waiting, and when its last event went out. */
    private static final class Run {
        final Set<String> names = new TreeSet<>();
        long lastSentNanos;
        boolean scheduled;
    }

    private final EventHub hub;
    private final ScheduledExecutorService timer;
    private final Map<String, Run> runs = new HashMap<>();

    /** {@code timer}: where the gathered events are sent from; one thread is enough. */
    public MetricEvents(EventHub hub, ScheduledExecutorService timer) {
        this.hub = hub;
        this.timer = timer;
    }

    @Override
    public synchronized void grew(String id, Set<String> names) {
        long now = System.nanoTime();
        Run run = runs.get(id);
        if (run == null) {
            forgetQuietRuns(now);
            run = new Run();
            run.lastSentNanos = now - TimeUnit.MILLISECONDS.toNanos(GAP_MS);
            runs.put(id, run);
        }
        run.names.addAll(names);
        if (run.scheduled) {
            return;
        }
        run.scheduled = true;
        long waitNanos = Math.max(0, run.lastSentNanos + TimeUnit.MILLISECONDS.toNanos(GAP_MS) - now);
        try {
            timer.schedule(() -> send(id), waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            run.scheduled = false; // shutting down
        }
    }

    private void send(String id) {
        Set<String> names;
        synchronized (this) {
            Run run = runs.get(id);
            if (run == null) {
                return;
            }
            names = Set.copyOf(run.names);
            run.names.clear();
            run.scheduled = false;
            run.lastSentNanos = System.nanoTime();
        }
        try {
            hub.metricGrew(id, names);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metric event of " + id + " failed", e);
        }
    }

    /** Runs without an event for longer than the gap need no entry: a server sees thousands of runs. */
    private void forgetQuietRuns(long now) {
        if (runs.size() < 64) {
            return;
        }
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext(); ) {
            Run r = it.next();
            if (!r.scheduled && now - r.lastSentNanos > TimeUnit.MILLISECONDS.toNanos(GAP_MS)) {
                it.remove();
            }
        }
    }

    /** Runs with an entry now: for tests. */
    synchronized int tracked() {
        return runs.size();
    }
}

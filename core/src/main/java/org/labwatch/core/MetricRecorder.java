package org.labwatch.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.labwatch.api.MetricSummary;
import org.labwatch.api.Names;

/**
 * The experiment's side of a run's metrics: {@code metric(name, value)} on the caller's thread.
 * A known name is found in a concurrent map without allocating; the value, its step and the time
 * go into the current {@link MetricBuffer} and the metric's summary is updated, all under one
 * short lock that the flusher takes only to swap buffers. A name is checked once, when first seen.
 */
final class MetricRecorder {

    /** Values the buffer starts with: a run that records a few values a second never grows it. */
    static final int INITIAL_VALUES = 4096;

    /** Told when a buffer is half full, so that the flusher takes it before it must grow. */
    interface Wake {
        void now();
    }

    private final ConcurrentHashMap<String, Metric> known = new ConcurrentHashMap<>();
    private final MetricTable table = new MetricTable();
    private final int maxValues;
    private final Wake wake;
    private final Runnable firstUse;
    private final Runnable refusedAfterClose;

    // Guarded by this.
    private MetricBuffer buffer;
    private int newest = Metric.NONE;
    private long version;
    private boolean closed;
    private boolean refusalReported;

    /**
     * @param firstUse          run once, when the first metric is registered (the flusher starts following the run)
     * @param refusedAfterClose run once, at the first value recorded after close
     */
    MetricRecorder(int maxValues, Wake wake, Runnable firstUse, Runnable refusedAfterClose) {
        this.maxValues = maxValues;
        this.wake = wake;
        this.firstUse = firstUse;
        this.refusedAfterClose = refusedAfterClose;
    }

    void record(String name, double value) {
        record(name, false, 0, value);
    }

    void record(String name, long step, double value) {
        record(name, true, step, value);
    }

    /** {@code explicit}: {@code step} is the caller's, else the metric's next one (read under the lock). */
    private void record(String name, boolean explicit, long step, double value) {
        Metric m = name == null ? null : known.get(name);
        if (m == null) {
            m = register(name);
        }
        long now = System.currentTimeMillis();
        boolean due;
        synchronized (this) {
            if (closed) {
                refused();
                return;
            }
            due = put(m, explicit ? step : m.nextStep, value, now);
        }
        if (due) {
            wake.now();
        }
    }

    /** Every name and value is checked before any is recorded; all share one time (and {@code step} if explicit). */
    void recordAll(Map<String, ? extends Number> values, boolean explicit, long step) {
        if (values == null) {
            throw new IllegalArgumentException("metrics(...): the map of values must not be null");
        }
        Metric[] metrics = new Metric[values.size()];
        double[] numbers = new double[metrics.length];
        int n = 0;
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            Metric m = e.getKey() == null ? null : known.get(e.getKey());
            if (m == null) {
                m = register(e.getKey());
            }
            Number v = e.getValue();
            if (v == null) {
                throw new IllegalArgumentException("metrics(...): the value of metric \"" + e.getKey() + "\" is null");
            }
            if (n == metrics.length) {
                // The caller's map grew while we read it (a concurrent map).
                metrics = Arrays.copyOf(metrics, n * 2 + 1);
                numbers = Arrays.copyOf(numbers, n * 2 + 1);
            }
            metrics[n] = m;
            numbers[n] = v.doubleValue();
            n++;
        }
        long now = System.currentTimeMillis();
        boolean due = false;
        synchronized (this) {
            if (closed) {
                refused();
                return;
            }
            for (int i = 0; i < n; i++) {
                due |= put(metrics[i], explicit ? step : metrics[i].nextStep, numbers[i], now);
            }
        }
        if (due) {
            wake.now();
        }
    }

    /** The flusher's side: the values recorded since the last call, leaving {@code empty} in their place; null if none. */
    synchronized MetricBuffer swap(MetricBuffer empty) {
        if (buffer == null || buffer.isEmpty()) {
            return null;
        }
        MetricBuffer full = buffer;
        buffer = empty;
        return full;
    }

    synchronized boolean hasValues() {
        return buffer != null && !buffer.isEmpty();
    }

    /** No values are taken from now on; the last ones are left for a final {@link #swap}. */
    synchronized void close() {
        closed = true;
    }

    /** Grows with every value: a status whose version includes it is written again when a metric changes. */
    synchronized long version() {
        return version;
    }

    /** The run's metrics by number, which its buffers refer to. */
    MetricTable table() {
        return table;
    }

    /** When the latest value was recorded, in epoch milliseconds; 0 before the first. */
    synchronized long lastUpdatedMillis() {
        return newest == Metric.NONE ? 0 : table.get(newest).updatedMillis;
    }

    /** The {@code kept} most recently updated metrics, least recent first. */
    synchronized List<MetricSummary> summaries(int kept, ZoneId zone) {
        List<MetricSummary> out = new ArrayList<>(Math.min(Math.max(kept, 0), known.size()));
        for (int i = 0, id = newest; i < kept && id != Metric.NONE; i++, id = table.get(id).older) {
            Metric m = table.get(id);
            out.add(new MetricSummary(
                    m.name,
                    m.count,
                    m.last,
                    m.lastStep,
                    m.hasFinite() ? m.min : null,
                    m.hasFinite() ? m.max : null,
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(m.updatedMillis), zone)));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Under the lock. @return true when the flusher should be woken */
    private boolean put(Metric m, long step, double value, long now) {
        m.recorded(step, value, now);
        int id = m.id;
        if (id != newest) {
            // Most recently updated last: the status keeps the tail of this list.
            if (m.older != Metric.NONE) {
                table.get(m.older).newer = m.newer;
            }
            if (m.newer != Metric.NONE) {
                table.get(m.newer).older = m.older;
            }
            m.older = newest;
            m.newer = Metric.NONE;
            if (newest != Metric.NONE) {
                table.get(newest).newer = id;
            }
            newest = id;
        }
        version++;
        return buffer.add(id, step, value, now);
    }

    /** A name seen for the first time: checked (throws for a bad one), then known for the rest of the run. */
    private Metric register(String name) {
        Names.checkMetricName(name);
        boolean first;
        Metric m;
        synchronized (this) {
            first = buffer == null;
            if (first) {
                buffer = new MetricBuffer(table, INITIAL_VALUES, maxValues);
            }
            m = known.get(name);
            if (m == null) {
                m = table.add(name);
                known.put(name, m);
            }
        }
        if (first) {
            firstUse.run();
        }
        return m;
    }

    private void refused() {
        if (!refusalReported) {
            refusalReported = true;
            refusedAfterClose.run();
        }
    }
}

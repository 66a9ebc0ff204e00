package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;

/**
 * The path of one run's metric values to one sink. While the sink fails, values wait here in order
 * (bounded: the oldest are dropped first, and counted) and are handed over again by {@link #retry};
 * nothing new overtakes a held value. Not thread-safe: the run's {@link RunMetrics} guards it.
 */
final class MetricLane {

    /** Values per {@link MetricSink#append}: a sink renders a batch at once, so this bounds its buffer (about 0.5 MB of lines). */
    static final int BATCH_VALUES = 16 * 1024;

    private final MetricSink sink;
    private final RunInfo run;
    private final MetricTable table;
    private final MetricBuffer held;
    private final Outage outage;

    MetricLane(MetricSink sink, RunInfo run, MetricTable table, int maxHeld, PrintStream console) {
        this.sink = sink;
        this.run = run;
        this.table = table;
        this.held = new MetricBuffer(table, 256, maxHeld);
        this.outage = Outage.counting(
                "writing the metrics of '" + run.experimentName() + "' to " + sink.describe(), "value(s)", console);
    }

    MetricSink sink() {
        return sink;
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    int heldCount() {
        return held.size();
    }

    /** Hands the values to the sink in batches, or holds them (from the first batch that failed) behind what is held. */
    void offer(MetricBuffer values) {
        int from = 0;
        if (held.isEmpty()) {
            while (from < values.size()) {
                int n = Math.min(BATCH_VALUES, values.size() - from);
                try {
                    sink.append(run, values.slice(from, n));
                } catch (IOException | RuntimeException e) {
                    outage.failed(e, "holding values in memory (up to " + held.max() + ") and retrying");
                    break;
                }
                from += n;
            }
        }
        hold(values, from, values.size() - from);
    }

    /** Takes over values no sink could take (none was bound), oldest first. */
    void adopt(MetricBuffer values) {
        hold(values, 0, values.size());
    }

    /** Hands held values to the sink again, in order; stops at the first failure. @return the note when an outage ended */
    String retry() {
        while (!held.isEmpty()) {
            int n = Math.min(BATCH_VALUES, held.size());
            try {
                sink.append(run, held.slice(0, n));
            } catch (IOException | RuntimeException e) {
                outage.failed(e, "still retrying");
                return null;
            }
            held.removeFirst(n);
            outage.writtenLate(n);
        }
        return outage.recovered();
    }

    /** What the sink never took, for the caller to keep elsewhere; the lane is then empty. */
    MetricBuffer drainHeld() {
        MetricBuffer out = new MetricBuffer(table, Math.max(held.size(), 2), held.max());
        out.addAll(held, 0, held.size());
        held.clear();
        return out;
    }

    private void hold(MetricBuffer values, int from, int n) {
        if (n <= 0) {
            return;
        }
        long dropped = held.addAll(values, from, n);
        if (dropped > 0) {
            outage.dropped(dropped, "backlog of " + held.max() + " values is full; dropping the oldest held values");
        }
    }
}

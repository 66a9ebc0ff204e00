package org.labwatch.core;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;

/**
 * One run's metrics: the {@link MetricRecorder} the experiment's calls write into, and the
 * {@link MetricDelivery} that a flush hands the recorded values to. Flushes come from the engine's
 * {@link MetricFlusher} and from the thread that closes the run, one at a time (this object's lock).
 * The lock order is the run's lock, then this one, then the recorder's; the flusher records the
 * returned notes in the run's log after letting go of this lock.
 */
final class RunMetrics {

    private final RunInfo run;
    private final MetricRecorder recorder;
    private final MetricDelivery delivery;
    private final PrintStream console;
    private final int maxValues;

    private final long retryIntervalMs;

    /**
     * Values recorded faster than written for a while: rounds with and without drops then alternate,
     * so the episode counts as over only after this long without a drop (one report, not one per round).
     */
    static final long OVERRUN_QUIET_MS = 1_000;

    // Guarded by this.
    private MetricBuffer spare;
    private long nextRetryMs;
    private long overrunDropped;
    private long overrunLastDropMs;
    private boolean ended;

    /**
     * @param following called once, at the first metric of the run: the flusher follows it from then on
     */
    RunMetrics(RunInfo run, CoreConfig config, MetricRecorder.Wake wake, Runnable following, PrintStream console) {
        this.run = run;
        this.console = console;
        this.maxValues = Math.max(2, config.metricsHeld());
        this.retryIntervalMs = config.retryIntervalMs();
        this.recorder = new MetricRecorder(
                maxValues,
                wake,
                following,
                () -> console.println("labwatch: the monitor of '" + run.experimentName()
                        + "' is closed; metric values recorded after close are not kept"));
        this.delivery = new MetricDelivery(run, recorder.table(), maxValues, console);
    }

    MetricRecorder recorder() {
        return recorder;
    }

    void record(String name, double value) {
        recorder.record(name, value);
    }

    void record(String name, long step, double value) {
        recorder.record(name, step, value);
    }

    void recordAll(Map<String, ? extends Number> values) {
        recorder.recordAll(values, false, 0);
    }

    void recordAll(long step, Map<String, ? extends Number> values) {
        recorder.recordAll(values, true, step);
    }

    /**
     * Hands what was recorded since the last flush to the sinks, and retries held values when due.
     *
     * @return notes for the run's log (an outage ended); usually empty
     */
    synchronized List<String> flush(long nowMs) {
        if (ended) {
            return List.of();
        }
        List<String> notes = List.of();
        if (delivery.hasHeld() && nowMs >= nextRetryMs) {
            notes = new ArrayList<>(1);
            delivery.retry(notes);
            nextRetryMs = nowMs + retryIntervalMs;
        }
        if (spare == null) {
            spare = new MetricBuffer(recorder.table(), MetricRecorder.INITIAL_VALUES, maxValues);
        }
        MetricBuffer full = recorder.swap(spare);
        long dropped = full == null ? 0 : full.dropped();
        if (dropped > 0) {
            if (overrunDropped == 0) {
                console.println("labwatch: metrics of '" + run.experimentName() + "': values are recorded faster"
                        + " than they can be written; the buffer of " + maxValues
                        + " values is full, dropping the oldest");
            }
            overrunDropped += dropped;
            overrunLastDropMs = nowMs;
        } else if (overrunDropped > 0 && nowMs - overrunLastDropMs >= OVERRUN_QUIET_MS) {
            notes = withNote(notes, overrunEnded());
        }
        if (full == null) {
            return notes;
        }
        boolean heldBefore = delivery.hasHeld();
        delivery.deliver(full);
        if (!heldBefore && delivery.hasHeld()) {
            nextRetryMs = nowMs + retryIntervalMs;
        }
        full.clear();
        spare = full;
        return notes;
    }

    /** At close: no more values; everything recorded goes to the sinks now, held values are tried once more. */
    synchronized List<String> closeAndFlush() {
        recorder.close();
        nextRetryMs = 0;
        List<String> notes = new ArrayList<>(flush(System.currentTimeMillis()));
        if (overrunDropped > 0) {
            notes.add(overrunEnded());
        }
        if (delivery.hasHeld()) {
            delivery.retry(notes);
        }
        return notes;
    }

    synchronized boolean hasHeld() {
        return !ended && (recorder.hasValues() || delivery.hasHeld());
    }

    synchronized void sinkBound(MetricSink sink, List<String> notes) {
        if (!ended) {
            delivery.sinkBound(sink, notes);
        }
    }

    synchronized void sinkUnbound(MetricSink sink) {
        delivery.sinkUnbound(sink);
    }

    /** The run ends: sinks let go of it. @return how many values were never written (they are lost) */
    synchronized long end() {
        if (ended) {
            return 0;
        }
        ended = true;
        recorder.close();
        MetricBuffer left = recorder.swap(new MetricBuffer(recorder.table(), 2, 2));
        return delivery.end() + (left == null ? 0 : left.size());
    }

    /** The note that values were dropped while recording outpaced writing, said on stderr and returned for the log. */
    private String overrunEnded() {
        String note = "labwatch: metrics of '" + run.experimentName() + "': " + overrunDropped
                + " value(s) were dropped because they were recorded faster than they could be written";
        overrunDropped = 0;
        console.println(note);
        return note;
    }

    private static List<String> withNote(List<String> notes, String note) {
        List<String> out = notes.isEmpty() ? new ArrayList<>(1) : notes;
        out.add(note);
        return out;
    }
}

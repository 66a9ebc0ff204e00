package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import org.labwatch.api.Level;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;

/**
 * The path of one run's records to one sink. While the sink fails, records wait here in order
 * (bounded) and are handed over again by {@link #retry()}; nothing new overtakes a held record.
 * Not thread-safe: the owning monitor's lock guards it.
 */
final class SinkLane {

    private final LogSink sink;
    private final RunInfo run;
    private final int capacity;
    private final ArrayDeque<LogRecord> held = new ArrayDeque<>();
    private final Outage outage;

    SinkLane(LogSink sink, RunInfo run, int capacity, PrintStream console) {
        this.sink = sink;
        this.run = run;
        this.capacity = capacity;
        this.outage = new Outage("writing the log of '" + run.experimentName() + "' to " + sink.describe(), console);
    }

    LogSink sink() {
        return sink;
    }

    void offer(LogRecord record) {
        if (held.isEmpty()) {
            try {
                sink.append(run, record);
                return;
            } catch (IOException | RuntimeException e) {
                outage.failed(e, "holding records in memory (up to " + capacity + ") and retrying");
            }
        }
        hold(record);
    }

    /** Takes over records that no sink could take (none was bound), oldest first. */
    void adopt(Collection<LogRecord> records) {
        for (LogRecord r : records) {
            hold(r);
        }
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    /** Hands held records to the sink again, in order; stops at the first failure. */
    void retry() {
        while (!held.isEmpty()) {
            try {
                sink.append(run, held.peekFirst());
            } catch (IOException | RuntimeException e) {
                outage.failed(e, "still retrying");
                return;
            }
            held.pollFirst();
            outage.writtenLate(1);
        }
        String note = outage.recovered();
        if (note != null) {
            try {
                sink.append(run, new LogRecord(0, Instant.now(), Level.WARNING, note, null));
            } catch (IOException | RuntimeException e) {
                outage.failed(e, "retrying");
            }
        }
    }

    /**
     * Puts the note about an outage of absence behind what was adopted, so that it reaches the log
     * after the records it counts. Not bounded: at a full backlog it would push out a record.
     */
    void noteAfterHeld(LogRecord note) {
        held.addLast(note);
    }

    /** Whatever could not be written, for the caller to keep elsewhere; the lane is then empty. */
    ArrayDeque<LogRecord> drainHeld() {
        ArrayDeque<LogRecord> out = new ArrayDeque<>(held);
        held.clear();
        return out;
    }

    private void hold(LogRecord record) {
        if (held.size() >= capacity) {
            held.pollFirst();
            outage.dropped("backlog of " + capacity + " records is full; dropping the oldest held records");
        }
        held.addLast(record);
    }
}

package org.labwatch.core;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.api.Level;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;

/**
 * Fans one run's records out to every bound sink. While no sink is bound (a bundle restart,
 * a feature being replaced) records wait, bounded, and go to the sink that binds next, so a
 * swap loses no line. Not thread-safe: the owning monitor's lock guards it.
 */
final class LogDelivery {

    private final RunInfo run;
    private final int capacity;
    private final PrintStream console;
    private final List<SinkLane> lanes = new ArrayList<>(2);
    private final ArrayDeque<LogRecord> unbound = new ArrayDeque<>();
    private final Outage noSink;

    LogDelivery(RunInfo run, int capacity, PrintStream console) {
        this.run = run;
        this.capacity = capacity;
        this.console = console;
        this.noSink = new Outage("log of '" + run.experimentName() + "': no log sink is bound", console);
    }

    void deliver(LogRecord record) {
        int n = lanes.size();
        if (n == 0) {
            holdUnbound(record);
            return;
        }
        for (int i = 0; i < n; i++) {
            lanes.get(i).offer(record);
        }
    }

    void sinkBound(LogSink sink) {
        for (SinkLane lane : lanes) {
            if (lane.sink() == sink) {
                return;
            }
        }
        SinkLane lane = new SinkLane(sink, run, capacity, console);
        if (!unbound.isEmpty()) {
            String note = noSink.recovered();
            lane.adopt(unbound);
            unbound.clear();
            if (note != null) {
                lane.adopt(List.of(new LogRecord(0, Instant.now(), Level.WARNING, note, null)));
            }
            lane.retry();
        }
        lanes.add(lane);
    }

    void sinkUnbound(LogSink sink) {
        for (int i = 0; i < lanes.size(); i++) {
            SinkLane lane = lanes.get(i);
            if (lane.sink() == sink) {
                lanes.remove(i);
                if (lanes.isEmpty()) {
                    for (LogRecord r : lane.drainHeld()) {
                        holdUnbound(r);
                    }
                }
                return;
            }
        }
    }

    void retry() {
        for (SinkLane lane : lanes) {
            if (lane.hasHeld()) {
                lane.retry();
            }
        }
    }

    boolean hasHeld() {
        if (!unbound.isEmpty()) {
            return true;
        }
        for (SinkLane lane : lanes) {
            if (lane.hasHeld()) {
                return true;
            }
        }
        return false;
    }

    /** The run ends: tell the sinks, and hand back what none could take so it is not lost silently. */
    List<LogRecord> end() {
        List<LogRecord> lost = new ArrayList<>(unbound);
        unbound.clear();
        for (SinkLane lane : lanes) {
            lost.addAll(lane.drainHeld());
            try {
                lane.sink().runEnded(run);
            } catch (RuntimeException e) {
                console.println("labwatch: " + lane.sink().describe() + " failed to close the log of '"
                        + run.experimentName() + "': " + Outage.describe(e));
            }
        }
        return lost;
    }

    List<LogSink> sinks() {
        List<LogSink> out = new ArrayList<>(lanes.size());
        for (SinkLane lane : lanes) {
            out.add(lane.sink());
        }
        return out;
    }

    private void holdUnbound(LogRecord record) {
        if (unbound.isEmpty()) {
            noSink.failed(new IllegalStateException("no LogSink service"), "holding records in memory (up to "
                    + capacity + ") until one binds");
        }
        if (unbound.size() >= capacity) {
            unbound.pollFirst();
            noSink.dropped("backlog of " + capacity + " records is full; dropping the oldest held records");
        }
        unbound.addLast(record);
    }
}

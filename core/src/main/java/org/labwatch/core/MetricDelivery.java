package org.labwatch.core;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;

/**
 * Fans one run's metric values out to every bound {@link MetricSink}. While none is bound, values
 * wait here (bounded) for the first one that binds. A sink that goes away while others stay loses
 * what it held (the others have it); the last one to go leaves its held values for the next.
 * Not thread-safe: the run's {@link RunMetrics} guards it.
 */
final class MetricDelivery {

    private final RunInfo run;
    private final MetricTable table;
    private final int maxHeld;
    private final PrintStream console;
    private final List<MetricLane> lanes = new ArrayList<>(1);
    private final Outage noSink;
    /** Values that waited while no sink was bound; null when there are none. */
    private MetricBuffer unsent;

    MetricDelivery(RunInfo run, MetricTable table, int maxHeld, PrintStream console) {
        this.run = run;
        this.table = table;
        this.maxHeld = maxHeld;
        this.console = console;
        this.noSink = Outage.ofAbsence("metrics of '" + run.experimentName() + "'", "metric sink", "value(s)", console);
    }

    void deliver(MetricBuffer values) {
        int n = lanes.size();
        for (int i = 0; i < n; i++) {
            lanes.get(i).offer(values);
        }
        if (n == 0) {
            noSink.absent("holding values in memory (up to " + maxHeld + ") until one binds");
            if (unsent == null) {
                unsent = new MetricBuffer(table, values.size(), maxHeld);
            }
            long dropped = unsent.addAll(values, 0, values.size());
            if (dropped > 0) {
                noSink.dropped(dropped, "backlog of " + maxHeld + " values is full; dropping the oldest held values");
            }
        }
    }

    /** Retries every lane that holds values. @param notes receives the notes of outages that ended */
    void retry(List<String> notes) {
        for (MetricLane lane : lanes) {
            if (lane.hasHeld()) {
                String note = lane.retry();
                if (note != null) {
                    notes.add(note);
                }
            }
        }
    }

    boolean hasHeld() {
        if (unsent != null && !unsent.isEmpty()) {
            return true;
        }
        for (MetricLane lane : lanes) {
            if (lane.hasHeld()) {
                return true;
            }
        }
        return false;
    }

    /** @param notes receives the note that the absence of sinks ended */
    void sinkBound(MetricSink sink, List<String> notes) {
        for (MetricLane lane : lanes) {
            if (lane.sink() == sink) {
                return;
            }
        }
        MetricLane lane = new MetricLane(sink, run, table, maxHeld, console);
        if (lanes.isEmpty()) {
            if (unsent != null) {
                lane.adopt(unsent);
                noSink.writtenLate(unsent.size());
                unsent = null;
            }
            String note = noSink.recovered();
            if (note != null) {
                notes.add(note);
            }
        }
        lanes.add(lane);
        if (lane.hasHeld()) {
            String note = lane.retry();
            if (note != null) {
                notes.add(note);
            }
        }
    }

    void sinkUnbound(MetricSink sink) {
        for (int i = 0; i < lanes.size(); i++) {
            MetricLane lane = lanes.get(i);
            if (lane.sink() == sink) {
                lanes.remove(i);
                if (lanes.isEmpty() && lane.hasHeld()) {
                    unsent = lane.drainHeld();
                }
                return;
            }
        }
    }

    /** The run ends: tell the sinks. @return how many values no sink took (they are lost) */
    long end() {
        long lost = unsent == null ? 0 : unsent.size();
        unsent = null;
        for (MetricLane lane : lanes) {
            lost += lane.heldCount();
            try {
                lane.sink().runEnded(run);
            } catch (RuntimeException e) {
                console.println("labwatch: " + lane.sink().describe() + " failed to close the metrics of '"
                        + run.experimentName() + "': " + Outage.describe(e));
            }
        }
        return lost;
    }
}

package org.labwatch.core;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.labwatch.api.Level;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;

/**
 * Fans one run's records out to every bound sink, and loses none across a swap.
 *
 * <p>A sink that goes away leaves a {@link SinkVacancy} that keeps collecting the run's records
 * (bounded) until a sink of the same kind binds and takes them, in order, before anything new: a
 * restarted file-sink bundle gets the lines written while it was down even though another sink
 * stayed bound the whole time. A vacancy nobody comes back for is given up after a grace period,
 * but only while some other sink is bound, since its records are then in that sink's log. While
 * no sink is bound at all, the first sink that binds, of whatever kind, also gets a copy of what
 * waited, so replacing one implementation by another loses nothing either.
 * Not thread-safe: the owning monitor's lock guards it.
 */
final class LogDelivery {

    /** Kind of the vacancy for records of a run that started before any sink was bound. */
    private static final String NO_SINK_YET = "(no sink bound yet)";

    private final RunInfo run;
    private final int capacity;
    private final long graceMs;
    private final PrintStream console;
    private final List<SinkLane> lanes = new ArrayList<>(2);
    private final List<SinkVacancy> vacancies = new ArrayList<>(1);
    private final Outage noSink;

    LogDelivery(RunInfo run, int capacity, long graceMs, PrintStream console) {
        this.run = run;
        this.capacity = capacity;
        this.graceMs = graceMs;
        this.console = console;
        this.noSink = Outage.ofAbsence("log of '" + run.experimentName() + "'", "log sink", console);
    }

    void deliver(LogRecord record) {
        int n = lanes.size();
        for (int i = 0; i < n; i++) {
            lanes.get(i).offer(record);
        }
        if (n == 0) {
            noSink.absent("holding records in memory (up to " + capacity + ") until one binds");
            if (vacancies.isEmpty()) {
                vacancies.add(new SinkVacancy(NO_SINK_YET, System.currentTimeMillis(), new ArrayDeque<>()));
            }
        }
        for (int i = 0, m = vacancies.size(); i < m; i++) {
            SinkVacancy v = vacancies.get(i);
            if (v.hold(record, capacity)) {
                console.println("labwatch: log of '" + run.experimentName() + "': backlog of " + capacity
                        + " records for " + v.kind() + " is full; dropping the oldest held records");
            }
        }
    }

    void sinkBound(LogSink sink) {
        for (SinkLane lane : lanes) {
            if (lane.sink() == sink) {
                return;
            }
        }
        SinkLane lane = new SinkLane(sink, run, capacity, console);
        SinkVacancy own = null;
        for (SinkVacancy v : vacancies) {
            if (v.awaits(sink)) {
                own = v;
                break;
            }
        }
        SinkVacancy longest = null;
        if (lanes.isEmpty()) {
            for (SinkVacancy v : vacancies) {
                if (longest == null || v.vacatedAtMs() < longest.vacatedAtMs()) {
                    longest = v;
                }
            }
        }
        // Its own records are what this sink missed; when no sink at all was bound, the records
        // that waited longest are what no log has yet.
        SinkVacancy taken = own != null ? own : longest;
        if (taken != null) {
            lane.adopt(taken.held());
            if (lanes.isEmpty()) {
                // Counted as written when adopted: the note goes behind them in the same lane, so it
                // cannot reach a log before they do; if this sink fails, its lane reports that itself.
                noSink.writtenLate(taken.held().size());
                noSink.lost(taken.dropped());
            }
            if (taken == own || NO_SINK_YET.equals(taken.kind())) {
                vacancies.remove(taken);
            }
        }
        String note = lanes.isEmpty() ? noSink.recovered() : null;
        if (note != null) {
            lane.noteAfterHeld(new LogRecord(0, Instant.now(), Level.WARNING, note, null));
        }
        lanes.add(lane);
        if (lane.hasHeld()) {
            lane.retry();
        }
    }

    void sinkUnbound(LogSink sink) {
        for (int i = 0; i < lanes.size(); i++) {
            SinkLane lane = lanes.get(i);
            if (lane.sink() == sink) {
                lanes.remove(i);
                vacancies.add(new SinkVacancy(SinkVacancy.kindOf(sink), System.currentTimeMillis(), lane.drainHeld()));
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
        giveUpVacancies(System.currentTimeMillis());
    }

    boolean hasHeld() {
        if (!vacancies.isEmpty()) {
            return true;
        }
        for (SinkLane lane : lanes) {
            if (lane.hasHeld()) {
                return true;
            }
        }
        return false;
    }

    /** The run ends: tell the sinks, and hand back what no sink could take so it is not lost silently. */
    List<LogRecord> end() {
        List<LogRecord> lost = new ArrayList<>();
        if (lanes.isEmpty()) {
            vacancies.stream()
                    .min((a, b) -> Long.compare(a.vacatedAtMs(), b.vacatedAtMs()))
                    .ifPresent(v -> lost.addAll(v.held()));
        }
        vacancies.clear();
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

    private void giveUpVacancies(long nowMs) {
        if (lanes.isEmpty()) {
            return;
        }
        for (Iterator<SinkVacancy> it = vacancies.iterator(); it.hasNext(); ) {
            SinkVacancy v = it.next();
            if (nowMs - v.vacatedAtMs() >= graceMs) {
                it.remove();
                console.println("labwatch: log of '" + run.experimentName() + "': no " + v.kind() + " came back within "
                        + (graceMs % 1000 == 0 ? graceMs / 1000 + " s" : graceMs + " ms") + "; "
                        + v.held().size() + " record(s) it missed are in the other sinks' logs only");
            }
        }
    }
}

package org.labwatch.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;
import org.labwatch.api.RunState;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.StatusReading;

/**
 * What the engine keeps of a run between two readings: its state as the dashboard shows it (stale
 * by the index's one rule) and its error count, the two things events are changes of.
 */
record RunView(
        StatusReading reading,
        String id,
        String name,
        String run,
        String state,
        String staleReason,
        long errorCount,
        Instant start,
        Instant lastSignOfLife,
        Instant lastUpdate,
        Instant completed,
        String host,
        String message,
        boolean heartbeat) {

    /**
     * Only a running run's state depends on the clock, so only it asks the index for its summary (the
     * index keeps summaries of finished runs for its lists, and the engine's readings would crowd them out).
     */
    static RunView of(StatusReading r, ExperimentIndex index, Instant now) {
        ExperimentStatus s = r.status();
        if (s == null) {
            return new RunView(
                    r, r.id(), r.id(), r.id() + "|", "unreadable", null, 0, null, null, null, null, null, null, false);
        }
        String state = s.status().jsonName();
        String staleReason = null;
        if (s.status() == RunState.RUNNING) {
            ExperimentSummary summary = index.summary(r, now);
            state = summary.state();
            staleReason = summary.staleReason();
        }
        OffsetDateTime start = s.startTime();
        OffsetDateTime alive = Liveness.lastSignOfLife(s);
        return new RunView(
                r,
                r.id(),
                s.experimentName(),
                r.id() + "|" + (start == null ? "" : start.toInstant().toString()),
                state,
                staleReason,
                s.errorCount(),
                start == null ? null : start.toInstant(),
                alive == null ? null : alive.toInstant(),
                s.lastUpdate() == null ? null : s.lastUpdate().toInstant(),
                s.completedTime() == null ? null : s.completedTime().toInstant(),
                s.host(),
                s.message(),
                s.heartbeat() != null);
    }

    boolean finished() {
        return state.equals("completed") || state.equals("failed") || state.equals("interrupted");
    }

    boolean running() {
        return state.equals("running") || state.equals("stale");
    }

    /** The same run of the experiment: a new run of it rewrites the file with another start. */
    boolean sameRun(RunView other) {
        return other != null && run.equals(other.run);
    }

    /** How long it ran: to its end when it has ended, else to its last sign of life (or {@code now}). */
    Duration ran(Instant now) {
        if (start == null) {
            return null;
        }
        Instant end = completed != null ? completed : finished() ? lastUpdate : now;
        if (end == null || end.isBefore(start)) {
            return null;
        }
        return Duration.between(start, end);
    }

    /** When something last happened to it, by its own file; the file's time when it has none. */
    Instant lastTime() {
        Instant t = lastUpdate != null ? lastUpdate : lastSignOfLife;
        return t != null ? t : reading.modified();
    }
}

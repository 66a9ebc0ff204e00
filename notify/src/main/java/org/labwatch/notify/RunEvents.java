package org.labwatch.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

/**
 * The events between what the engine knew of a run and what it sees now: its end (completed,
 * failed, interrupted), its going silent (stale) and coming back (recovered), and errors it logged.
 * A run's end carries its last errors with it, so a run that fails with an exception tells once.
 */
final class RunEvents {

    private RunEvents() {}

    /**
     * @param before what the engine knew, or null when it sees the run for the first time (then its
     *               end, silence and errors so far are events, which channels take only when they
     *               happened after they were configured: see {@link RunEvent})
     */
    static List<RunEvent> between(
            RunView before, RunView now, Staleness staleness, Function<String, Optional<StatusReading>> read) {
        if (before != null && !before.sameRun(now)) {
            before = null;
        }
        boolean live = before != null;
        long errorsBefore = live ? before.errorCount() : 0;
        List<RunEvent> out = new ArrayList<>(1);
        if (now.finished()) {
            if (!live || !before.state().equals(now.state())) {
                Instant time = now.completed() != null ? now.completed() : now.lastTime();
                out.add(new RunEvent(
                        now.state(),
                        now,
                        time,
                        now.run() + "|" + now.state(),
                        errorsBefore,
                        now.errorCount(),
                        Messages.finished(now, read)));
            }
            return out;
        }
        if (now.state().equals("stale") && (!live || !before.state().equals("stale"))) {
            Instant silentSince = now.lastSignOfLife();
            Duration limit = now.heartbeat() ? staleness.withHeartbeat() : staleness.withoutHeartbeat();
            out.add(new RunEvent(
                    "stale",
                    now,
                    silentSince == null ? now.lastTime() : silentSince.plus(limit),
                    now.run() + "|stale|" + millis(silentSince),
                    errorsBefore,
                    errorsBefore,
                    Messages.stale(now)));
        }
        if (live && before.state().equals("stale") && now.state().equals("running")) {
            out.add(new RunEvent(
                    "recovered",
                    now,
                    now.lastSignOfLife() != null ? now.lastSignOfLife() : now.lastTime(),
                    recoveredKey(now.run(), before.lastSignOfLife()),
                    errorsBefore,
                    errorsBefore,
                    Messages.recovered(before, now)));
        }
        if (now.errorCount() > errorsBefore && !now.state().equals("unreadable")) {
            out.add(new RunEvent(
                    "error", now, now.lastTime(), null, errorsBefore, now.errorCount(), Messages.error(now, read)));
        }
        return out;
    }

    static String recoveredKey(String run, Instant silentSince) {
        return run + "|recovered|" + millis(silentSince);
    }

    /** A run tells it is alive again only on a channel that told it had gone silent. */
    static String staleKeyOf(String recoveredKey) {
        return recoveredKey.replace("|recovered|", "|stale|");
    }

    private static String millis(Instant t) {
        return t == null ? "" : Long.toString(t.toEpochMilli());
    }
}

package org.labwatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Tells a live run from a dead one. A {@code running} status whose last sign of life (its
 * heartbeat, or {@code last_update} for files without one, such as the seed's) is older than a
 * threshold is stale: the process probably died without saying so.
 */
public final class Liveness {

    /** Three missed heartbeats at labwatch's default 10 s interval. */
    public static final Duration DEFAULT_HEARTBEAT_THRESHOLD = Duration.ofSeconds(30);
    /** For writers without a heartbeat, which update only when the experiment reports. */
    public static final Duration DEFAULT_NO_HEARTBEAT_THRESHOLD = Duration.ofMinutes(5);

    private Liveness() {}

    /** The last sign of life: the heartbeat if there is one, else the last update, else the start. */
    public static OffsetDateTime lastSignOfLife(ExperimentStatus s) {
        OffsetDateTime best = s.startTime();
        for (OffsetDateTime t : new OffsetDateTime[] {s.lastUpdate(), s.heartbeat()}) {
            if (t != null && (best == null || t.isAfter(best))) {
                best = t;
            }
        }
        return best;
    }

    /** How long the run has been silent at {@code now}; zero if it has no time at all. */
    public static Duration silence(ExperimentStatus s, Instant now) {
        OffsetDateTime last = lastSignOfLife(s);
        return last == null
                ? Duration.ZERO
                : Duration.between(last.toInstant(), now).isNegative()
                        ? Duration.ZERO
                        : Duration.between(last.toInstant(), now);
    }

    public static boolean isStale(
            ExperimentStatus s, Instant now, Duration heartbeatThreshold, Duration noHeartbeatThreshold) {
        if (s.status() != RunState.RUNNING) {
            return false;
        }
        Duration limit = s.heartbeat() != null ? heartbeatThreshold : noHeartbeatThreshold;
        return silence(s, now).compareTo(limit) > 0;
    }

    public static boolean isStale(ExperimentStatus s, Instant now) {
        return isStale(s, now, DEFAULT_HEARTBEAT_THRESHOLD, DEFAULT_NO_HEARTBEAT_THRESHOLD);
    }

    /**
     * "7 min", "45 s", "2 h 5 min", and days past two of them ("696 d 7 h" reads better than
     * "16711 h"): how people say how long a run has been silent.
     */
    public static String describe(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 2 * 86_400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + " h" + (m > 0 ? " " + m + " min" : "");
        }
        long h = (s % 86_400) / 3600;
        return (s / 86_400) + " d" + (h > 0 ? " " + h + " h" : "");
    }
}

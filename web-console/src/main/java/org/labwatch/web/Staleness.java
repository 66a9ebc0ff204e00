package org.labwatch.web;

import java.time.Duration;
import java.time.Instant;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;

/** When a running experiment counts as stale: thresholds from {@code org.labwatch.web}, rules from {@link Liveness}. */
record Staleness(Duration withHeartbeat, Duration withoutHeartbeat) {

    static final Staleness DEFAULT = new Staleness(Liveness.DEFAULT_HEARTBEAT_THRESHOLD,
            Liveness.DEFAULT_NO_HEARTBEAT_THRESHOLD);

    static Staleness of(WebConfig config) {
        return new Staleness(Duration.ofSeconds(Math.max(1, config.staleAfterSeconds())),
                Duration.ofSeconds(Math.max(1, config.staleWithoutHeartbeatAfterSeconds())));
    }

    boolean isStale(ExperimentStatus s, Instant now) {
        return Liveness.isStale(s, now, withHeartbeat, withoutHeartbeat);
    }
}

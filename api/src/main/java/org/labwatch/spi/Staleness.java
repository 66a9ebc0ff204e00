package org.labwatch.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;

/**
 * When a running experiment counts as stale: silent for longer than {@code withHeartbeat} when it
 * writes a heartbeat, or {@code withoutHeartbeat} when it does not (the seed's Python tool writes
 * none and updates only when the experiment reports).
 *
 * @since 2.0
 */
public record Staleness(Duration withHeartbeat, Duration withoutHeartbeat) {

    public static final Staleness DEFAULT =
            new Staleness(Liveness.DEFAULT_HEARTBEAT_THRESHOLD, Liveness.DEFAULT_NO_HEARTBEAT_THRESHOLD);

    public Staleness {
        Objects.requireNonNull(withHeartbeat, "withHeartbeat");
        Objects.requireNonNull(withoutHeartbeat, "withoutHeartbeat");
        if (withHeartbeat.isNegative()
                || withHeartbeat.isZero()
                || withoutHeartbeat.isNegative()
                || withoutHeartbeat.isZero()) {
            throw new IllegalArgumentException(
                    "staleness thresholds must be positive, got " + withHeartbeat + " and " + withoutHeartbeat);
        }
    }

    public boolean isStale(ExperimentStatus status, Instant now) {
        return Liveness.isStale(status, now, withHeartbeat, withoutHeartbeat);
    }
}

package org.labwatch.internal.ship;

import java.time.Duration;

/**
 * Capped exponential backoff between retries while the server cannot be used: quick for a server
 * restart, at most {@code max} apart for an outage of days. A refused token waits the longest,
 * since only an administrator can fix it.
 */
final class Backoff {

    private final long minMs;
    private final long maxMs;
    private long nextMs;

    Backoff(Duration min, Duration max) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
        this.nextMs = minMs;
    }

    /** The wait before the next attempt; each call doubles the one after, up to the cap. */
    long nextDelayMs(IngestFailure failure) {
        long delay = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        if (failure.kind() == IngestFailure.Kind.REFUSED) {
            delay = maxMs;
        }
        if (failure.retryAfter() != null) {
            delay = Math.max(delay, Math.min(maxMs, failure.retryAfter().toMillis()));
        }
        return delay;
    }

    void reset() {
        nextMs = minMs;
    }
}

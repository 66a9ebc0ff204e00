package org.labwatch.spi;

import java.time.Duration;

/**
 * A notifier's answer: sent, try again after a delay (the channel said 429 with Retry-After, or is
 * down), or give up (the channel refuses this notification for good, e.g. a bad address).
 * {@code reason} says what happened, for {@code labwatch:notify-list} and the log; never a secret.
 *
 * @since 3.1
 */
public record Delivery(Outcome outcome, Duration retryAfter, String reason) {

    public enum Outcome {
        SENT,
        RETRY,
        FAILED
    }

    public static Delivery sent() {
        return new Delivery(Outcome.SENT, null, "sent");
    }

    /** {@code after} null: the caller's backoff decides. */
    public static Delivery retry(Duration after, String reason) {
        return new Delivery(Outcome.RETRY, after, reason);
    }

    public static Delivery failed(String reason) {
        return new Delivery(Outcome.FAILED, null, reason);
    }
}

package org.labwatch.spi;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a channel sends: one or more run events, grouped when several arrived together (many runs
 * failing at once, a run's burst of errors). {@code test} marks {@code labwatch:notify-test}.
 *
 * @since 3.1
 */
public record Notification(List<Item> items, boolean test) {

    public Notification {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a notification has at least one item");
        }
        items = List.copyOf(items);
    }

    /**
     * One run's event. {@code event} is one of {@code completed, failed, interrupted, stale,
     * recovered, error} ({@code test} in the notification of {@code labwatch:notify-test}, whose
     * experiment and id are {@code labwatch-test}); {@code message} the run's final message or its last error (may be null);
     * {@code count} how many events of this kind the item stands for (errors grouped per run);
     * {@code ran} how long the run ran (null when unknown); {@code url} its dashboard page (null
     * without a {@code publicUrl}).
     */
    public record Item(
            String event,
            String experiment,
            String id,
            String state,
            String message,
            String host,
            OffsetDateTime time,
            Duration ran,
            int count,
            String url) {}
}

package org.labwatch.spi;

import java.time.Instant;
import java.util.List;

/**
 * One notification channel as {@link NotificationChannels} shows it.
 *
 * <p>{@code status} is one of {@link #STATUSES}: {@code active} (sends as events come),
 * {@code quiet} (inside its quiet hours: holds what comes until they end), {@code retrying} (its
 * last attempt failed; the next is at {@code nextAttempt}), {@code waiting} (no notifier of its
 * {@code type} is installed; it collects and sends once one is), {@code invalid} (its configuration
 * has {@code problems}; it neither collects nor sends).
 *
 * <p>The rules: {@code events} (which of {@code completed, failed, interrupted, stale, recovered,
 * error}), {@code experiments} (globs on the experiment's id or name), {@code quietHours}
 * ({@code HH:MM-HH:MM} server time, null without), {@code minDurationSeconds},
 * {@code groupSeconds} (events this close together go as one message, and at most one message
 * goes per that time), {@code publicUrl} (the dashboard's address in links, null without).
 *
 * <p>The deliveries since the server started: {@code lastSent} (when the channel last took a
 * message), {@code lastAttempt} and {@code lastOutcome} (the latest try and what came of it, e.g.
 * {@code "HTTP 503"}), {@code sent} and {@code refused} (messages taken, and given up for good),
 * {@code failures} (failed attempts since the last one that worked: 0 while healthy),
 * {@code pending} (events waiting in its outbox), {@code nextAttempt} (null when none is planned).
 * Times are null when there was none.
 *
 * @since 3.1
 */
public record ChannelState(
        String name,
        String type,
        String file,
        String status,
        List<String> problems,
        List<String> events,
        List<String> experiments,
        String quietHours,
        long minDurationSeconds,
        double groupSeconds,
        String publicUrl,
        Instant lastSent,
        Instant lastAttempt,
        String lastOutcome,
        long sent,
        long refused,
        int failures,
        int pending,
        Instant nextAttempt) {

    /** Every status, from the healthiest. */
    public static final List<String> STATUSES = List.of("active", "quiet", "retrying", "waiting", "invalid");

    /** Every event a channel can ask for, in the order lists show them. */
    public static final List<String> EVENTS =
            List.of("completed", "failed", "interrupted", "stale", "recovered", "error");

    public ChannelState {
        problems = List.copyOf(problems);
        events = List.copyOf(events);
        experiments = List.copyOf(experiments);
    }
}

package org.labwatch.notify;

import java.time.Instant;

/**
 * One event of one run, before any channel's rules: {@code kind} (completed, failed, interrupted,
 * stale, recovered, error), the run as it is now, and the event's time by the run's own file.
 *
 * <p>An event counts for a channel only when its time is after the channel was configured: the
 * engine derives events from what it knew of a run before, and from nothing when it sees a run for
 * the first time (at a start, or for a channel being added), and a run that ended before a channel
 * existed is not news to it.
 *
 * <p>{@code key} identifies the event within its run for the outbox: the same event derived again
 * (after a restart) has the same key and is not sent twice. For stale and recovered it names the
 * silence (the last sign of life before it), so a run that goes stale twice tells twice. Error events
 * carry the error counts instead ({@code errorsFrom} to {@code errorsTo}); the channel groups them.
 */
record RunEvent(
        String kind, RunView run, Instant time, String key, long errorsFrom, long errorsTo, Messages.Message message) {}

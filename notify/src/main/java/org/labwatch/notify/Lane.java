package org.labwatch.notify;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.DeliveryClaims;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;

/**
 * A channel's deliveries, on its own thread, so a channel that hangs or is down for hours holds up
 * neither the others nor the index. Each round sends what is due as one message (up to
 * {@link Rules#groupMaxItems()} events), at most one per {@link Rules#group()}, and waits after the
 * first event of a round for that long, so events that come together go together. Outside quiet
 * hours only; after a failed attempt, not before the channel's Retry-After or the backoff.
 *
 * <p>Every wait is worked out from the clock and slept in steps of at most a second, so a clock
 * that jumps (a test's, a suspended laptop's) is noticed within one.
 */
final class Lane implements AutoCloseable {

    static final Duration MAX_SLEEP = Duration.ofSeconds(1);
    /** The first retry; each next one waits twice as long, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    /** A channel back after an outage hears within this much. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A Retry-After longer than this is taken as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    /** How often waiting events are looked at for being too old to send. */
    static final Duration EXPIRY_CHECK = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(Lane.class.getName());

    private final Channel channel;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> next;

    private volatile Instant lastSent;
    private volatile Instant lastAttempt;
    private volatile String lastOutcome;
    private volatile long sent;
    private volatile long refused;
    private volatile int failures;
    private volatile Instant retryAt;
    private volatile Instant nextAttempt;
    private Instant outageSince;
    private Instant lastExpiry;
    private volatile boolean closing;

    Lane(Channel channel, Clock clock) {
        this.channel = channel;
        this.clock = clock;
        String name = channel.name();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-notify-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Something changed (an event accepted, a notifier bound, settings fixed): look now. */
    void wake() {
        try {
            thread.execute(this::pump);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void pump() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "notify channel '" + channel.name() + "': " + e, e);
            sleep(MAX_SLEEP);
        }
    }

    private void round() {
        Instant now = clock.instant();
        ChannelSpec spec = channel.spec();
        Outbox outbox = channel.outbox();
        if (outbox.size() == 0) {
            nextAttempt = null;
            return;
        }
        if (lastExpiry == null || !now.isBefore(lastExpiry.plus(EXPIRY_CHECK))) {
            lastExpiry = now;
            if (expire(outbox.pending(), spec, now) == 0) {
                nextAttempt = null;
                return;
            }
        }
        Notifier notifier = channel.notifier();
        if (!channel.sending()) {
            // Woken when that changes; until then the events wait (and expire).
            nextAttempt = null;
            sleep(MAX_SLEEP);
            return;
        }
        Rules rules = spec.rules();
        // Checked before listing what waits: a channel down for a day may have a long list.
        Instant gate = rules.quietHours() == null ? null : rules.quietHours().endAt(now, clock.getZone());
        if (retryAt != null && (gate == null || retryAt.isAfter(gate))) {
            gate = retryAt;
        }
        if (gate != null && gate.isAfter(now)) {
            nextAttempt = gate;
            sleep(Duration.between(now, gate));
            return;
        }
        List<Outbox.Pending> waiting = outbox.pending();
        if (waiting.isEmpty()) {
            nextAttempt = null;
            return;
        }
        Instant at = waiting.get(0).due().plus(rules.group());
        if (lastAttempt != null && lastAttempt.plus(rules.group()).isAfter(at)) {
            at = lastAttempt.plus(rules.group());
        }
        if (at.isAfter(now)) {
            nextAttempt = at;
            sleep(Duration.between(now, at));
            return;
        }
        List<Outbox.Pending> batch = new ArrayList<>();
        for (Outbox.Pending p : waiting) {
            if (p.due().isAfter(now) || batch.size() >= rules.groupMaxItems()) {
                break;
            }
            batch.add(p);
        }
        deliver(batch, spec, notifier, now);
        if (outbox.size() > 0) {
            sleep(Duration.ZERO);
        } else {
            nextAttempt = null;
        }
    }

    /** Events the channel has not taken within {@link Rules#giveUpAfter()} are given up, and that is logged. */
    private int expire(List<Outbox.Pending> waiting, ChannelSpec spec, Instant now) {
        Instant limit = now.minus(spec.rules().giveUpAfter());
        List<Outbox.Pending> old =
                waiting.stream().filter(p -> p.created().isBefore(limit)).toList();
        if (old.isEmpty()) {
            return waiting.size();
        }
        String reason = "not delivered within " + spec.rules().giveUpAfter().toHours() + " h";
        channel.outbox().done(old, false, reason);
        refused += old.size();
        LOG.log(
                System.Logger.Level.WARNING,
                "notify channel '" + spec.name() + "' (" + spec.file() + "): gave up " + old.size() + " event(s), "
                        + reason + " (last outcome: " + lastOutcome + ")");
        return channel.outbox().size();
    }

    private void deliver(List<Outbox.Pending> waiting, ChannelSpec spec, Notifier notifier, Instant now) {
        List<Outbox.Pending> batch = claimed(waiting, spec, now);
        if (batch.isEmpty()) {
            return;
        }
        List<Notification.Item> items = batch.stream().map(Outbox.Pending::item).toList();
        Delivery d;
        lastAttempt = now;
        try {
            d = notifier.deliver(spec.settings(), new Notification(items, false));
            if (d == null) {
                d = Delivery.retry(null, "the " + spec.type() + " notifier gave no answer");
            }
        } catch (RuntimeException e) {
            d = Delivery.retry(null, "the " + spec.type() + " notifier failed: " + e);
        }
        if (closing) {
            // Interrupted by close(): what it was sending stays pending for the next start.
            return;
        }
        Instant after = clock.instant();
        lastOutcome = d.reason();
        switch (d.outcome()) {
            case SENT -> {
                channel.outbox().done(batch, true, null);
                sent++;
                lastSent = after;
                retryAt = null;
                if (outageSince != null) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "notify channel '" + spec.name() + "' (" + spec.file() + ") delivers again, after "
                                    + failures + " failed attempt(s) since " + outageSince);
                    outageSince = null;
                }
                failures = 0;
            }
            case RETRY -> {
                failures++;
                Duration wait = d.retryAfter() != null ? clamp(d.retryAfter()) : backoff(failures);
                retryAt = after.plus(wait);
                nextAttempt = retryAt;
                outage(
                        spec,
                        "delivery failed: " + d.reason() + "; "
                                + channel.outbox().size() + " event(s) wait, next attempt in " + seconds(wait));
            }
            case FAILED -> {
                failures++;
                // An answer, if a refusal: the receiver is up, so nothing waits for a retry.
                retryAt = null;
                channel.outbox().done(batch, false, d.reason());
                refused += batch.size();
                outage(spec, "the channel refused " + batch.size() + " event(s) for good: " + d.reason());
            }
        }
    }

    /**
     * The events of {@code waiting} this server is to send when several servers share a store; the
     * others were claimed by another server, which sends them, and count as sent here. Empty, with
     * a retry planned, when the claims cannot be reached.
     */
    private List<Outbox.Pending> claimed(List<Outbox.Pending> waiting, ChannelSpec spec, Instant now) {
        DeliveryClaims claims = channel.claims();
        if (claims == null) {
            return waiting;
        }
        Set<String> mine;
        try {
            mine = claims.claim(
                    spec.name(), waiting.stream().map(Outbox.Pending::key).toList());
        } catch (IOException | RuntimeException e) {
            failures++;
            Duration wait = backoff(failures);
            retryAt = now.plus(wait);
            nextAttempt = retryAt;
            lastOutcome = "cannot claim the events from the shared store: " + e.getMessage();
            outage(
                    spec,
                    lastOutcome + "; " + channel.outbox().size() + " event(s) wait, next attempt in " + seconds(wait));
            return List.of();
        }
        List<Outbox.Pending> others =
                waiting.stream().filter(p -> !mine.contains(p.key())).toList();
        if (!others.isEmpty()) {
            channel.outbox().done(others, true, "sent by another server");
        }
        return others.isEmpty()
                ? waiting
                : waiting.stream().filter(p -> mine.contains(p.key())).toList();
    }

    /** The first failure of an outage is logged; the next ones only once it delivers again. */
    private void outage(ChannelSpec spec, String what) {
        String line = "notify channel '" + spec.name() + "' (" + spec.file() + "): " + what;
        if (outageSince == null) {
            outageSince = lastAttempt;
            LOG.log(System.Logger.Level.WARNING, line + " (further failures are logged when it delivers again)");
        } else {
            LOG.log(System.Logger.Level.DEBUG, line);
        }
    }

    static Duration backoff(int failures) {
        Duration d = FIRST_BACKOFF;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static Duration clamp(Duration retryAfter) {
        if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    /** Looks again after {@code d}, or after a second if that is longer (the clock may jump). */
    private synchronized void sleep(Duration d) {
        if (next != null) {
            next.cancel(false);
        }
        long ms = Math.max(0, Math.min(d.toMillis(), MAX_SLEEP.toMillis()));
        try {
            next = thread.schedule(this::pump, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** A delivery failed for now and events wait for the next attempt (not once they are given up). */
    boolean retrying() {
        return retryAt != null && channel.outbox().size() > 0;
    }

    Instant lastSent() {
        return lastSent;
    }

    Instant lastAttempt() {
        return lastAttempt;
    }

    String lastOutcome() {
        return lastOutcome;
    }

    long sent() {
        return sent;
    }

    long refused() {
        return refused;
    }

    int failures() {
        return failures;
    }

    Instant nextAttempt() {
        return nextAttempt;
    }

    /** Stops; a delivery under way is interrupted, and what it was sending stays pending. */
    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.labwatch.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.DeliveryClaims;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;

/**
 * One configured channel: its rules decide which run events it accepts (on the engine's thread),
 * its {@link Outbox} keeps them until its {@link Lane} has delivered them through the notifier of its
 * type. Errors of a run are grouped here: the first goes at once, the ones after it as one summary
 * per {@link Rules#errorWindow()}.
 */
final class Channel implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Channel.class.getName());

    private record Hold(long from, long to, RunEvent latest, Instant due) {}

    private final Clock clock;
    private final Duration horizon;
    private final Outbox outbox;
    /** The shared store's claims while one is bound (several servers); null: every event is this server's. */
    private final Supplier<DeliveryClaims> claims;

    private final Lane lane;
    private volatile ChannelSpec spec;
    private volatile Notifier notifier;
    /** What the notifier's check found wrong with the settings; the channel collects but does not send. */
    private volatile List<String> checkProblems = List.of();

    // Error grouping; the engine's thread only.
    private final Map<String, Instant> lastErrorItem = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();

    Channel(ChannelSpec spec, Outbox outbox, Clock clock, Duration horizon, Supplier<DeliveryClaims> claims) {
        this.spec = spec;
        this.claims = claims;
        this.outbox = outbox;
        this.clock = clock;
        this.horizon = horizon;
        this.lane = new Lane(this, clock);
    }

    String name() {
        return spec.name();
    }

    ChannelSpec spec() {
        return spec;
    }

    Notifier notifier() {
        return notifier;
    }

    DeliveryClaims claims() {
        return claims.get();
    }

    Outbox outbox() {
        return outbox;
    }

    Lane lane() {
        return lane;
    }

    /** Rules and settings usable, a notifier there and content with them: the lane may send. */
    boolean sending() {
        return spec.usable() && notifier != null && checkProblems.isEmpty();
    }

    /** A changed configuration (and the notifier of its type): the rules apply to events from now on; what waits stays. */
    void spec(ChannelSpec next, Notifier notifierOfType) {
        spec = next;
        notifier = notifierOfType;
        recheck();
    }

    void notifier(Notifier next) {
        notifier = next;
        recheck();
    }

    /** Asks the notifier about the settings again; logs what it finds once per change. */
    private void recheck() {
        Notifier n = notifier;
        ChannelSpec s = spec;
        List<String> problems = List.of();
        if (n != null && s.usable()) {
            try {
                problems = List.copyOf(n.check(s.settings()));
            } catch (RuntimeException e) {
                problems = List.of("the " + s.type() + " notifier could not check the settings: " + e);
            }
        }
        if (!problems.equals(checkProblems) && !problems.isEmpty()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + s.name() + "' (" + s.file() + ") is not used until its settings are fixed: "
                            + String.join("; ", problems)
                            + (outbox.size() > 0 ? " (" + outbox.size() + " events wait in its outbox)" : ""));
        }
        checkProblems = problems;
        lane.wake();
    }

    List<String> problems() {
        List<String> all = new ArrayList<>(spec.problems());
        all.addAll(checkProblems);
        return all;
    }

    /** A run event, on the engine's thread: kept in the outbox when the rules want it. */
    void offer(RunEvent e, Instant now) {
        ChannelSpec s = spec;
        if (!s.usable()) {
            return;
        }
        Rules rules = s.rules();
        RunView run = e.run();
        if (!rules.covers(run.id(), run.name())) {
            return;
        }
        if (!after(e.time(), now)) {
            if (e.kind().equals("error") && rules.wants("error")) {
                // Errors from before this channel existed: later ones count from here.
                outbox.seen(run.run(), e.errorsTo());
            }
            return;
        }
        if (e.kind().equals("error")) {
            error(e, rules, now);
            return;
        }
        if (run.finished()) {
            // The errors held for the run go with its end, in the same message.
            flush(run.run(), rules, now);
            lastErrorItem.remove(run.run());
        }
        if (!rules.wants(e.kind())
                || (e.kind().equals("recovered") && !outbox.knows(RunEvents.staleKeyOf(e.key())))
                || tooShort(run, rules, now)
                || outbox.knows(e.key())) {
            return;
        }
        accept(e.key(), e, 1, e.errorsTo(), rules, now);
    }

    /** After the channel was configured, and recent enough that the outbox would remember having sent it. */
    private boolean after(Instant time, Instant now) {
        return time != null && time.isAfter(outbox.configuredAt()) && time.isAfter(now.minus(horizon));
    }

    private static boolean tooShort(RunView run, Rules rules, Instant now) {
        if (rules.minDuration().isZero()) {
            return false;
        }
        Duration ran = run.ran(now);
        return ran == null || ran.compareTo(rules.minDuration()) < 0;
    }

    private void error(RunEvent e, Rules rules, Instant now) {
        String run = e.run().run();
        if (!rules.wants("error") || tooShort(e.run(), rules, now)) {
            return;
        }
        Hold held = holds.get(run);
        if (held != null) {
            holds.put(run, new Hold(held.from(), Math.max(held.to(), e.errorsTo()), e, held.due()));
            return;
        }
        long from = Math.max(e.errorsFrom(), outbox.errorsTo(run));
        if (e.errorsTo() <= from) {
            return;
        }
        Instant last = lastErrorItem.get(run);
        if (last == null || !now.isBefore(last.plus(rules.errorWindow()))) {
            acceptErrors(e, from, e.errorsTo(), rules, now);
        } else {
            holds.put(run, new Hold(from, e.errorsTo(), e, last.plus(rules.errorWindow())));
        }
    }

    private void acceptErrors(RunEvent e, long from, long to, Rules rules, Instant now) {
        String key = e.run().run() + "|error|" + to;
        if (outbox.knows(key)) {
            return;
        }
        lastErrorItem.put(e.run().run(), now);
        accept(key, e, (int) Math.min(Integer.MAX_VALUE, to - from), to, rules, now);
    }

    /** The engine's periodic look, on its thread: error summaries whose window has ended go out. */
    void tick(Instant now) {
        ChannelSpec s = spec;
        for (Iterator<Map.Entry<String, Hold>> it = holds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Hold> h = it.next();
            if (!now.isBefore(h.getValue().due())) {
                it.remove();
                Hold held = h.getValue();
                acceptErrors(held.latest(), held.from(), held.to(), s.rules(), now);
            }
        }
        lastErrorItem.values().removeIf(t -> now.isAfter(t.plus(s.rules().errorWindow())));
    }

    /** A run's held errors, now: its end came, and they go in the same message. */
    private void flush(String run, Rules rules, Instant now) {
        Hold held = holds.remove(run);
        if (held != null) {
            acceptErrors(held.latest(), held.from(), held.to(), rules, now);
        }
    }

    /** A run left the index: nothing of it is held any longer. */
    void forget(String run) {
        holds.remove(run);
        lastErrorItem.remove(run);
    }

    private void accept(String key, RunEvent e, int count, long errorsTo, Rules rules, Instant now) {
        RunView run = e.run();
        Notification.Item item = new Notification.Item(
                e.kind(),
                run.name(),
                run.id(),
                run.state(),
                e.message().get(),
                run.host(),
                e.time() == null ? null : OffsetDateTime.ofInstant(e.time(), clock.getZone()),
                run.ran(now),
                count,
                rules.link(run.id()));
        outbox.add(new Outbox.Pending(key, run.run(), e.kind(), now, now, errorsTo, item));
        lane.wake();
    }

    ChannelState state() {
        ChannelSpec s = spec;
        Rules r = s.rules();
        Instant now = clock.instant();
        String status;
        if (!problems().isEmpty()) {
            status = "invalid";
        } else if (notifier == null) {
            status = "waiting";
        } else if (lane.retrying()) {
            status = "retrying";
        } else if (r.quietHours() != null && r.quietHours().endAt(now, clock.getZone()) != null) {
            status = "quiet";
        } else {
            status = "active";
        }
        return new ChannelState(
                s.name(),
                s.type(),
                s.file(),
                status,
                problems(),
                List.copyOf(r.events()),
                r.experimentTexts(),
                r.quietHours() == null ? null : r.quietHours().toString(),
                r.minDuration().toSeconds(),
                r.group().toMillis() / 1000.0,
                r.publicUrl(),
                lane.lastSent(),
                lane.lastAttempt(),
                lane.lastOutcome(),
                lane.sent(),
                lane.refused(),
                lane.failures(),
                outbox.size(),
                lane.nextAttempt());
    }

    @Override
    public void close() {
        lane.close();
        outbox.close();
    }
}

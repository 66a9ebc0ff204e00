package org.labwatch.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.DeliveryClaims;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.Notification;
import org.labwatch.spi.NotificationChannels;
import org.labwatch.spi.Notifier;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Turns what the index tells about runs into events (completed, failed, interrupted, stale,
 * recovered, error) and hands them to the configured channels ({@link ChannelComponent}, one per
 * {@code etc/org.labwatch.notify-<name>.cfg}), which keep them in their outboxes and deliver them
 * through the {@link Notifier} of their type, each on its own thread.
 *
 * <p>The index's listener only queues: the engine works on its own thread, so no notification, no
 * outbox write and no status read ever slows the index down. A run's stale state depends on the
 * clock alone, so the running runs are looked at again every {@code recheckSeconds}, as the event hub
 * of {@code /api/events} does.
 */
@Designate(ocd = EngineConfig.class)
@Component(
        name = NotifyEngine.PID,
        service = {NotificationChannels.class, NotifyEngine.class},
        configurationPid = NotifyEngine.PID)
public final class NotifyEngine implements NotificationChannels, AutoCloseable {

    static final String PID = "org.labwatch.notify.engine";
    /** How long a channel may wait for a notifier of its type before that is logged as a likely typo. */
    static final Duration TYPE_GRACE = Duration.ofSeconds(10);
    /** The types the feature labwatch-notify-channels brings, named when a channel waits for one. */
    static final List<String> CHANNEL_TYPES = List.of("email", "slack", "mattermost", "teams", "ntfy");

    private static final System.Logger LOG = System.getLogger(NotifyEngine.class.getName());

    private record Bound(Notifier notifier, String type, int ranking, long id) {}

    private final ExperimentIndex index;
    private final Path outboxRoot;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "labwatch-notify");
        t.setDaemon(true);
        return t;
    });
    /** What the engine knows of each run; its thread only. */
    private final Map<Path, RunView> known = new HashMap<>();

    private final Map<String, Channel> channels = new ConcurrentSkipListMap<>();
    private final List<Bound> notifiers = new CopyOnWriteArrayList<>();
    private final Subscription watch;

    @Activate
    public NotifyEngine(@Reference(name = "index") ExperimentIndex index, EngineConfig config) {
        this(
                index,
                outboxRoot(config.outboxDir(), index),
                Clock.systemDefaultZone(),
                Duration.ofSeconds(Math.max(1, config.recheckSeconds())),
                Duration.ofDays(Math.max(1, config.retentionDays())));
    }

    /**
     * @param outboxRoot where each channel's outbox directory goes
     * @param clock      every time the engine and its channels use: event times, quiet hours, retries
     */
    NotifyEngine(ExperimentIndex index, Path outboxRoot, Clock clock, Duration recheck, Duration retention) {
        this.index = index;
        this.outboxRoot = outboxRoot;
        this.clock = clock;
        this.retention = retention;
        this.watch = index.watch(event -> {
            try {
                thread.execute(() -> statusChanged(event));
            } catch (RejectedExecutionException e) {
                // closing
            }
        });
        thread.scheduleWithFixedDelay(this::tick, recheck.toMillis(), recheck.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.DEBUG, "notification outboxes in " + outboxRoot);
    }

    /**
     * An engine outside a container (a tool, a test) over this index, with its outboxes in
     * {@code outboxRoot} and the webhook notifier; channels come from {@link #configure}. Close it when done.
     */
    public static NotifyEngine of(ExperimentIndex index, Path outboxRoot) {
        NotifyEngine engine = new NotifyEngine(
                index, outboxRoot, Clock.systemDefaultZone(), Duration.ofSeconds(5), Duration.ofDays(7));
        engine.bindNotifier(new WebhookNotifier(), Map.of(Notifier.TYPE, WebhookNotifier.TYPE));
        return engine;
    }

    /** Outside a container: the channel {@code etc/org.labwatch.notify-<name>.cfg} with these settings would be. */
    public void configure(String name, Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("service.pid", ChannelConfig.FACTORY_PID + "~" + name);
        open(ChannelSpec.of(CfgText.channelConfig(properties), properties));
    }

    /** {@code <dataDir>/notify}: the index's first status directory is {@code <dataDir>/monitoring/status}. */
    static Path outboxRoot(String configured, ExperimentIndex index) {
        Path base = Path.of(System.getProperty("karaf.base", "."));
        if (configured != null && !configured.isBlank()) {
            return base.resolve(configured.trim()).toAbsolutePath().normalize();
        }
        List<Path> status = index.statusDirectories();
        Path first = status.isEmpty() ? null : status.get(0).toAbsolutePath();
        if (first == null || first.getParent() == null || first.getParent().getParent() == null) {
            return base.resolve("labwatch-data")
                    .resolve("notify")
                    .toAbsolutePath()
                    .normalize();
        }
        return first.getParent().getParent().resolve("notify");
    }

    // ---- several servers on one store

    /** Bound when the store is shared (PostgreSQL): then one server sends each notification. */
    private volatile DeliveryClaims claims;

    @Reference(
            name = "claims",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindClaims")
    void bindClaims(DeliveryClaims bound) {
        claims = bound;
    }

    void unbindClaims(DeliveryClaims gone) {
        if (claims == gone) {
            claims = null;
        }
    }

    // ---- notifiers

    @Reference(
            name = "notifier",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindNotifier")
    void bindNotifier(Notifier notifier, Map<String, Object> properties) {
        Object type = properties.get(Notifier.TYPE);
        if (type == null || type.toString().isBlank()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "a notifier (" + notifier.getClass().getName() + ") has no " + Notifier.TYPE
                            + " property; no channel can use it");
            return;
        }
        Object ranking = properties.get("service.ranking");
        Object id = properties.get("service.id");
        notifiers.add(new Bound(
                notifier,
                type.toString().trim(),
                ranking instanceof Integer r ? r : 0,
                id instanceof Long l ? l : notifiers.size()));
        rebind(type.toString().trim());
    }

    void unbindNotifier(Notifier notifier, Map<String, Object> properties) {
        List<String> types = new ArrayList<>();
        notifiers.removeIf(b -> {
            if (b.notifier() == notifier) {
                types.add(b.type());
                return true;
            }
            return false;
        });
        types.forEach(this::rebind);
    }

    /** The highest-ranked notifier of the type (then the oldest), as DS picks a greedy reference. */
    private Notifier best(String type) {
        return notifiers.stream()
                .filter(b -> b.type().equals(type))
                .max(Comparator.comparingInt(Bound::ranking).thenComparing(Bound::id, Comparator.reverseOrder()))
                .map(Bound::notifier)
                .orElse(null);
    }

    private List<String> types() {
        return notifiers.stream().map(Bound::type).distinct().sorted().toList();
    }

    private synchronized void rebind(String type) {
        Notifier n = best(type);
        for (Channel c : channels.values()) {
            if (c.spec().type().equals(type) && c.notifier() != n && c.spec().usable()) {
                boolean first = c.notifier() == null;
                c.notifier(n);
                if (first && n != null) {
                    opened(c);
                }
            }
        }
    }

    // ---- channels, from ChannelComponent

    /** A channel's configuration appeared. Null when it cannot be used at all (logged). */
    synchronized Channel open(ChannelSpec spec) {
        if (channels.containsKey(spec.name())) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") is ignored: "
                            + channels.get(spec.name()).spec().file() + " already uses that name");
            return null;
        }
        Outbox outbox;
        try {
            outbox = spec.problems().stream().anyMatch(p -> p.startsWith("the channel's name"))
                    ? Outbox.inMemory(clock)
                    : Outbox.open(outboxRoot.resolve(spec.name()), clock, retention);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") is not used: its outbox "
                            + outboxRoot.resolve(spec.name()) + " cannot be opened: " + e);
            return null;
        }
        Channel channel = new Channel(spec, outbox, clock, retention, () -> claims);
        channels.put(spec.name(), channel);
        if (!spec.usable()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") is not used until its settings"
                            + " are fixed: " + String.join("; ", spec.problems()));
        }
        Notifier n = spec.usable() ? best(spec.type()) : null;
        channel.notifier(n); // the notifier checks its settings, and what it finds is logged
        if (n != null) {
            opened(channel);
        } else if (spec.usable()) {
            // At a start the channels' files come before the notifiers' services: said once it is
            // there (opened), or after a grace if it never comes.
            warnIfStillWithoutNotifier(channel);
        }
        execute(() -> catchUp(channel));
        return channel;
    }

    /** The one line a usable channel gets when it can send: its type, its events, what waits. */
    private static void opened(Channel channel) {
        ChannelSpec spec = channel.spec();
        if (spec.usable() && channel.problems().isEmpty()) {
            int waiting = channel.outbox().size();
            LOG.log(
                    System.Logger.Level.INFO,
                    "notify channel '" + spec.name() + "' (" + spec.file() + "): " + spec.type() + ", "
                            + String.join(", ", spec.rules().events())
                            + (waiting > 0 ? "; " + waiting + " events wait in its outbox" : ""));
        }
    }

    /** A channel's configuration changed: rules and settings apply from now on; bad ones keep the ones in use. */
    synchronized void update(Channel channel, ChannelSpec spec) {
        if (channel == null || channels.get(channel.name()) != channel) {
            return;
        }
        ChannelSpec before = channel.spec();
        if (!spec.usable() && before.usable()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") keeps its previous settings until"
                            + " these are fixed: " + String.join("; ", spec.problems()));
            return;
        }
        if (!spec.usable()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") is not used until its settings"
                            + " are fixed: " + String.join("; ", spec.problems()));
        }
        Notifier n = spec.usable() ? best(spec.type()) : null;
        channel.spec(spec, n);
        if (spec.usable() && channel.problems().isEmpty()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "notify channel '" + spec.name() + "' (" + spec.file() + ") changed: " + spec.type() + ", "
                            + String.join(", ", spec.rules().events()));
        }
        if (spec.usable() && n == null) {
            warnIfStillWithoutNotifier(channel);
        }
    }

    /** A channel's configuration went away; {@code deleted}: for good, so its outbox goes too. */
    synchronized void close(Channel channel, boolean deleted) {
        if (channel == null || !channels.remove(channel.name(), channel)) {
            return;
        }
        int waiting = channel.outbox().size();
        channel.close();
        if (deleted) {
            channel.outbox().delete();
            LOG.log(
                    System.Logger.Level.INFO,
                    "notify channel '" + channel.name() + "' (" + channel.spec().file() + ") removed"
                            + (waiting > 0 ? "; " + waiting + " events that waited in its outbox are dropped" : ""));
        }
    }

    private void warnIfStillWithoutNotifier(Channel channel) {
        try {
            thread.schedule(
                    () -> {
                        if (channels.get(channel.name()) == channel
                                && channel.notifier() == null
                                && channel.spec().usable()) {
                            LOG.log(
                                    System.Logger.Level.WARNING,
                                    "notify channel '" + channel.name() + "' ("
                                            + channel.spec().file()
                                            + "): type: no notifier of type '"
                                            + channel.spec().type()
                                            + "' is installed (installed: "
                                            + (types().isEmpty() ? "none" : String.join(", ", types()))
                                            + ")"
                                            + (CHANNEL_TYPES.contains(
                                                            channel.spec().type())
                                                    ? "; feature:install labwatch-notify-channels brings it"
                                                    : "")
                                            + "; the channel keeps what happens and sends it once one is");
                        }
                    },
                    TYPE_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    // ---- events, on the engine's thread

    private void statusChanged(StatusEvent event) {
        Instant now = clock.instant();
        Path file = event.reading().file();
        if (event.kind() == StatusEvent.Kind.REMOVED) {
            RunView gone = known.remove(file);
            if (gone != null) {
                channels.values().forEach(c -> c.forget(gone.run()));
            }
            return;
        }
        RunView view = RunView.of(event.reading(), index, now);
        RunView before = known.put(file, view);
        offer(RunEvents.between(before, view, index.staleness(), index::experiment), now);
    }

    /** A run goes stale by saying nothing: the running ones are looked at again. */
    private void tick() {
        try {
            Instant now = clock.instant();
            for (Map.Entry<Path, RunView> e : known.entrySet()) {
                RunView before = e.getValue();
                if (!before.running()) {
                    continue;
                }
                RunView view = RunView.of(before.reading(), index, now);
                if (!view.state().equals(before.state())) {
                    e.setValue(view);
                    offer(RunEvents.between(before, view, index.staleness(), index::experiment), now);
                }
            }
            channels.values().forEach(c -> c.tick(now));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "notify engine: " + e, e);
        }
    }

    /** A new channel hears of what it would have told had it existed: runs that ended since it was configured. */
    private void catchUp(Channel channel) {
        if (channels.get(channel.name()) != channel) {
            return;
        }
        Instant now = clock.instant();
        for (RunView view : known.values()) {
            for (RunEvent e : RunEvents.between(null, view, index.staleness(), index::experiment)) {
                offer(channel, e, now);
            }
        }
    }

    private void offer(List<RunEvent> events, Instant now) {
        for (RunEvent e : events) {
            for (Channel c : channels.values()) {
                offer(c, e, now);
            }
        }
    }

    private static void offer(Channel c, RunEvent e, Instant now) {
        try {
            c.offer(e, now);
        } catch (RuntimeException ex) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "notify channel '" + c.name() + "': " + e.kind() + " of "
                            + e.run().id() + " not taken: " + ex,
                    ex);
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    // ---- NotificationChannels

    @Override
    public List<ChannelState> channels() {
        return channels.values().stream().map(Channel::state).toList();
    }

    @Override
    public Delivery test(String name) {
        Channel c = channels.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no notify channel '" + name + "'; configured: "
                    + (channels.isEmpty()
                            ? "none (add etc/org.labwatch.notify-<name>.cfg)"
                            : String.join(", ", channels.keySet())));
        }
        ChannelSpec spec = c.spec();
        Notifier n = c.notifier();
        if (!c.problems().isEmpty()) {
            return Delivery.failed(
                    "the channel is not used until its settings are fixed: " + String.join("; ", c.problems()));
        }
        if (n == null) {
            return Delivery.failed("no notifier of type '" + spec.type() + "' is installed (installed: "
                    + (types().isEmpty() ? "none" : String.join(", ", types())) + ")");
        }
        String host = host();
        Notification.Item item = new Notification.Item(
                "test",
                "labwatch-test",
                "labwatch-test",
                "test",
                "A test of notify channel '" + name + "' from the labwatch server on " + host
                        + ": if you read this, it works.",
                host,
                OffsetDateTime.now(clock),
                null,
                1,
                spec.rules().publicUrl() == null ? null : spec.rules().publicUrl() + "/");
        try {
            Delivery d = n.deliver(spec.settings(), new Notification(List.of(item), true));
            return d == null ? Delivery.failed("the " + spec.type() + " notifier gave no answer") : d;
        } catch (RuntimeException e) {
            return Delivery.failed("the " + spec.type() + " notifier failed: " + e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Deactivate
    @Override
    public void close() {
        watch.close();
        synchronized (this) {
            for (Channel c : List.copyOf(channels.values())) {
                close(c, false);
            }
        }
        thread.shutdownNow();
    }
}

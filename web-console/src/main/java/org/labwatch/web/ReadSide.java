package org.labwatch.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.internal.store.StoreOutages;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.Subscription;
import org.labwatch.web.api.ExperimentsApi;
import org.labwatch.web.config.WebConfig;
import org.labwatch.web.events.EventHub;
import org.labwatch.web.events.LogFollower;
import org.labwatch.web.events.MetricEvents;
import org.labwatch.web.events.StoreState;
import org.labwatch.web.http.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The read side of the server, behind the servlets: the {@code /api/experiments} answers
 * ({@link ExperimentsApi}) and the event hub of {@code /api/events} ({@link EventHub}), fed by the
 * index's watch, by a watch of the log directories ({@link LogFollower}), by the metric source's
 * watch ({@link MetricEvents}) and by what stores that can be away say of themselves
 * ({@link StoreState}, looked at every second). It carries the
 * {@code org.labwatch.web} settings so that the servlets need none (see package-info): a settings
 * change here reaches the servlets without touching their registrations.
 *
 * <p>The component keeps the name {@code org.labwatch.web.dashboard} it had when this class was
 * called {@code Dashboard}, so {@code scr:info} and lab scripts that name it still find it.
 */
@Component(name = "org.labwatch.web.dashboard", service = ReadSide.class, configurationPid = WebConfig.PID)
public final class ReadSide {

    private static final System.Logger LOG = System.getLogger(ReadSide.class.getName());
    /** How often running experiments are looked at again: a run goes stale by saying nothing. */
    static final long RECHECK_SECONDS = 5;

    private final ExperimentIndex index;
    private final ObjectMapper mapper = Json.MAPPER;
    private final Clock clock;
    private final EventHub hub;
    private final ScheduledExecutorService timer;

    private volatile LogSource logSource;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PlotStore plotStore;

    /** For the raw status download; the index reads statuses through the same (highest-ranked) store. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StatusStore statusStore;

    /** Stores that can be away (a database): looked at every second, told as {@code store} events. */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StoreHealth> storeHealth;

    /** Reads runs' metrics; optional: without it the metrics endpoints answer 503 and no metric events come. */
    private volatile MetricSource metricSource;

    private MetricEvents metricEvents;
    /** The metric source's watch, feeding {@code metric} events. */
    private Subscription metricWatch;

    private final LogFollower logFollower;
    private final Subscription watch;
    /** The log source's watch of the index's log directories, feeding the live log tail. */
    private Subscription logWatch;

    private List<Path> logWatchDirs = List.of();
    private volatile ExperimentsApi api;
    private volatile int keepAliveSeconds;
    private long lastKeepAlive;
    private long lastRecheck;

    /** Reads and follows logs; a new one takes over the live log tail. */
    @Reference(
            name = "logSource",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindLogSource")
    synchronized void bindLogSource(LogSource source) {
        logSource = source;
        rewatchLogs();
    }

    synchronized void unbindLogSource(LogSource source) {
        if (logSource == source) {
            logSource = null;
            rewatchLogs();
        }
    }

    @Reference(
            name = "metricSource",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindMetricSource")
    synchronized void bindMetricSource(MetricSource source) {
        metricSource = source;
        rewatchMetrics();
    }

    synchronized void unbindMetricSource(MetricSource source) {
        if (metricSource == source) {
            metricSource = null;
            rewatchMetrics();
        }
    }

    @Activate
    public ReadSide(@Reference(name = "index") ExperimentIndex index, WebConfig config) {
        this(index, config, Clock.systemUTC());
    }

    ReadSide(ExperimentIndex index, WebConfig config, Clock clock) {
        this.index = index;
        this.clock = clock;
        this.hub = new EventHub(mapper, clock, config.eventReplay(), index::summary);
        this.logFollower = new LogFollower(index, () -> logSource, hub);
        modified(config);
        // The index tells every run it knows as added, then what changes, and follows a store swap
        // itself, telling only what differs: open pages keep their view.
        this.watch = index.watch(event -> {
            if (event.kind() != StatusEvent.Kind.CHANGED) {
                logFollower.experimentsChanged();
                // A run in a directory the log watch does not cover yet (a shipped run's new root):
                // watched now, not at the next recheck up to RECHECK_SECONDS later, whose lines
                // would never have been events (a file is followed from where it was when first seen).
                recheckLogDirectoriesSoon();
            }
            hub.statusChanged(event);
        });
        synchronized (this) {
            rewatchLogs();
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-web-timer");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            metricEvents = new MetricEvents(hub, timer);
            rewatchMetrics();
        }
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(WebConfig config) {
        hub.replay(config.eventReplay());
        keepAliveSeconds = Math.max(1, config.keepAliveSeconds());
        api = new ExperimentsApi(
                index,
                () -> statusStore,
                () -> logSource,
                () -> plotStore,
                () -> metricSource,
                () -> StoreOutages.longest(storeHealth),
                mapper,
                Math.max(1, config.pageSize()),
                clock);
    }

    ExperimentsApi api() {
        return api;
    }

    EventHub events() {
        return hub;
    }

    @Deactivate
    synchronized void deactivate() {
        timer.shutdownNow();
        watch.close();
        if (logWatch != null) {
            logWatch.close();
            logWatch = null;
        }
        if (metricWatch != null) {
            metricWatch.close();
            metricWatch = null;
        }
        hub.close();
    }

    private void tick() {
        try {
            hub.storeState(StoreState.of(storeHealth));
            long now = clock.millis();
            if (now - lastKeepAlive >= keepAliveSeconds * 1000L) {
                lastKeepAlive = now;
                hub.keepAlive();
            }
            if (now - lastRecheck >= RECHECK_SECONDS * 1000L) {
                lastRecheck = now;
                hub.recheck();
                recheckLogDirectories();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "read side timer: " + e, e);
        }
    }

    /** On the timer's thread, as the periodic recheck: never on the index's thread that tells of a run. */
    private void recheckLogDirectoriesSoon() {
        ScheduledExecutorService t = this.timer; // null while the constructor subscribes: its own watch follows
        if (t != null && !t.isShutdown()) {
            try {
                t.execute(() -> {
                    try {
                        recheckLogDirectories();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "read side log directories: " + e, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // deactivated meanwhile
            }
        }
    }

    private synchronized void recheckLogDirectories() {
        // After deactivate (which shuts the timer down holding this lock): no watch nobody closes.
        if (timer.isShutdown()) {
            return;
        }
        if (!logWatchDirs.equals(index.logDirectories())) {
            logFollower.experimentsChanged();
            rewatchLogs();
        }
    }

    /** A new source follows the metrics from now on; charts reload what they show when they hear of a change. */
    private void rewatchMetrics() {
        if (metricWatch != null) {
            metricWatch.close();
            metricWatch = null;
        }
        MetricSource source = metricSource;
        // Before the constructor has made the events (SCR binds dynamic references after it): it watches then.
        if (source != null && metricEvents != null && !timer.isShutdown()) {
            metricWatch = source.watch(metricEvents);
        }
    }

    private void rewatchLogs() {
        if (logWatch != null) {
            logWatch.close();
            logWatch = null;
        }
        LogSource source = logSource;
        logWatchDirs = index.logDirectories();
        if (source != null) {
            logWatch = source.watch(logWatchDirs, logFollower);
        }
    }
}

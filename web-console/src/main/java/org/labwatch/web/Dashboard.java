package org.labwatch.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The read side of the server behind the servlets: the REST answers and the event hub fed by a
 * watch of the index's status directories. It carries the {@code org.labwatch.web} settings so
 * that the servlets need none: DS copies configuration into service properties, and Pax Web
 * re-registers (and answers 404 for seconds) a servlet whose properties change (see HealthServlet).
 * A settings change here reaches the servlets without touching their registrations.
 */
@Component(name = "org.labwatch.web.dashboard", service = Dashboard.class, configurationPid = WebConfig.PID)
public final class Dashboard {

    private static final System.Logger LOG = System.getLogger(Dashboard.class.getName());
    /** How often stale runs are looked for and the watched directories compared with the index's. */
    static final long RECHECK_SECONDS = 5;
    /**
     * Log directories are compared this often: for file systems without watch events, and to
     * register a log directory created after the start (a new data directory's first run).
     */
    static final long LOG_RESCAN_MS = 2000;

    private final ExperimentIndex index;
    private final ObjectMapper mapper = Json.MAPPER;
    private final Clock clock;
    private final EventHub hub;
    private final ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LogSource logSource;

    private final LogFollower logFollower;
    private StatusStore statusStore;
    private Subscription watch;
    /**
     * The index follows a store swap itself and tells only what changed, so clients keep their
     * view; a watch of our own has to start over and send them a reset.
     */
    private boolean watchingThroughIndex;
    private List<Path> watched = List.of();
    private LogDirectoryWatch logWatch;
    private volatile List<Path> extraLogDirs = List.of();
    private volatile ExperimentsApi api;
    private volatile int keepAliveSeconds;
    private long lastKeepAlive;
    private long lastRecheck;

    @Activate
    public Dashboard(@Reference(name = "index") ExperimentIndex index, WebConfig config) {
        this(index, config, Clock.systemUTC());
    }

    Dashboard(ExperimentIndex index, WebConfig config, Clock clock) {
        this.index = index;
        this.clock = clock;
        this.hub = new EventHub(mapper, clock, config.eventReplay(), Staleness.of(config));
        this.logFollower = new LogFollower(index, () -> logSource, hub);
        modified(config);
        synchronized (this) {
            rewatch(false);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-web-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(WebConfig config) {
        Staleness staleness = Staleness.of(config);
        hub.staleness(staleness);
        hub.replay(config.eventReplay());
        keepAliveSeconds = Math.max(1, config.keepAliveSeconds());
        extraLogDirs = Directories.of(config).logs();
        api = new ExperimentsApi(index, () -> logSource, mapper, staleness, Math.max(1, config.pageSize()), clock);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindStatusStore(StatusStore store) {
        statusStore = store;
        if (!watchingThroughIndex) {
            rewatch(true);
        }
    }

    synchronized void unbindStatusStore(StatusStore store) {
        if (statusStore == store) {
            statusStore = null;
            if (!watchingThroughIndex) {
                rewatch(true);
            }
        }
    }

    ExperimentsApi api() {
        return api;
    }

    EventHub events() {
        return hub;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    @Deactivate
    synchronized void deactivate() {
        timer.shutdownNow();
        if (watch != null) {
            watch.close();
            watch = null;
        }
        if (logWatch != null) {
            logWatch.close();
            logWatch = null;
        }
        hub.close();
    }

    private void tick() {
        try {
            long now = clock.millis();
            if (now - lastKeepAlive >= keepAliveSeconds * 1000L) {
                lastKeepAlive = now;
                hub.keepAlive();
            }
            if (now - lastRecheck >= RECHECK_SECONDS * 1000L) {
                lastRecheck = now;
                hub.recheck();
                synchronized (this) {
                    if (!index.statusDirectories().equals(watched)) {
                        rewatch(false);
                    } else if (logWatch == null || !logWatch.directories().equals(logDirectories())) {
                        rewatchLogs();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard timer: " + e, e);
        }
    }

    /** A new watch over the index's directories; clients reload when what they see may have changed. */
    private void rewatch(boolean storeChanged) {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        watched = index.statusDirectories();
        hub.reset();
        StatusListener listener = event -> {
            if (event.kind() != StatusEvent.Kind.CHANGED) {
                logFollower.experimentsChanged();
            }
            hub.statusChanged(event);
        };
        // The index in this bundle already watches these directories for its list: share its watch.
        Subscription shared = index instanceof DirectoryExperimentIndex d ? d.watch(listener) : null;
        watchingThroughIndex = shared != null;
        if (shared != null) {
            watch = shared;
        } else if (statusStore != null) {
            watch = statusStore.watch(watched, listener);
        }
        LOG.log(System.Logger.Level.DEBUG, "watching " + watched + (storeChanged ? " (status store changed)" : "")
                + (shared != null ? " through the index" : ""));
        logFollower.experimentsChanged();
        rewatchLogs();
    }

    private void rewatchLogs() {
        if (logWatch != null) {
            logWatch.close();
        }
        logWatch = new LogDirectoryWatch(logDirectories(), logFollower, LOG_RESCAN_MS);
    }

    /** Each status directory's sibling {@code logs}, as the seed lays them out, and the configured extra ones. */
    private List<Path> logDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path status : watched) {
            if (status.getParent() != null) {
                dirs.add(status.getParent().resolve("logs"));
            }
        }
        dirs.addAll(extraLogDirs);
        return List.copyOf(dirs);
    }
}

package org.labwatch.core;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.api.Monitor;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusStore;

/**
 * Creates runs and keeps them alive: the bound sinks and stores, one daemon timer for
 * heartbeats, status flushes and retries of every open run, and one daemon thread that moves
 * the runs' metric values to their sinks ({@link MetricFlusher}, started at the first metric).
 */
final class MonitorEngine {

    /** Fine enough for a 500 ms flush interval, cheap enough to be unnoticeable with no work. */
    private static final long TICK_MS = 100;

    private volatile CoreConfig config;
    private final PrintStream console;
    private final PrintStream out;
    private final HostIdentity identity = HostIdentity.ofThisProcess();
    private final ZoneId zone = ZoneId.systemDefault();
    private final List<LogSink> sinks = new CopyOnWriteArrayList<>();
    private final List<MetricSink> metricSinks = new CopyOnWriteArrayList<>();
    private volatile StatusStore statusStore;
    private volatile PlotStore plotStore;
    private final Map<Path, RunMonitor> open = new ConcurrentHashMap<>();
    private final Set<RunMonitor> draining = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ConsoleBars consoleBars;
    private final MetricFlusher metricFlusher;
    private final Map<String, String> env;
    private final Shipper.Settings shipSettings;
    /** Ships new runs to the configured server; null when none is. */
    private volatile ServerShipping shipping;
    /** Earlier shippings (the server settings changed): they ship their runs until shutdown. */
    private final List<ServerShipping> retiredShippings = new CopyOnWriteArrayList<>();

    /** At JVM exit or deactivation, the longest wait for the server to hold every run's files. */
    static final Duration SHIPPING_DRAIN = Duration.ofSeconds(5);

    MonitorEngine(CoreConfig config, PrintStream console, PrintStream out) {
        this(config, console, out, System.getenv(), Shipper.Settings.defaults());
    }

    /** @param env where {@code LABWATCH_SERVER} and {@code LABWATCH_TOKEN} are looked up */
    MonitorEngine(
            CoreConfig config,
            PrintStream console,
            PrintStream out,
            Map<String, String> env,
            Shipper.Settings shipSettings) {
        this.config = config;
        this.env = env;
        this.shipSettings = shipSettings;
        this.console = console;
        this.out = out;
        this.consoleBars = new ConsoleBars(config, console, out);
        this.metricFlusher = new MetricFlusher(console);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-monitor-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        this.shipping = ServerShipping.of(config, env, console, this::shippingCaughtUp, shipSettings);
    }

    synchronized Monitor create(Path exptPath, String experimentName) {
        Names.checkName("experiment name", experimentName);
        if (exptPath == null) {
            throw new IllegalArgumentException("exptPath must not be null (experiment '" + experimentName + "')");
        }
        MonitoringLayout layout = new MonitoringLayout(exptPath.toAbsolutePath().normalize());
        OffsetDateTime start = OffsetDateTime.now(zone).truncatedTo(ChronoUnit.MILLIS);
        RunInfo run = new RunInfo(experimentName, layout, start);
        Path key = run.statusFile();
        RunMonitor earlier = open.get(key);
        if (earlier != null) {
            earlier.supersede(start.toInstant());
        }
        ServerShipping ship = shipping;
        RunMonitor monitor =
                new RunMonitor(this, run, config, identity, console, out, ship == null ? null : ship.follow(run));
        open.put(key, monitor);
        monitor.start(sinks, metricSinks, "host " + identity.host() + ", pid " + identity.pid());
        return monitor;
    }

    void reconfigure(CoreConfig newConfig) {
        CoreConfig old = this.config;
        this.config = newConfig;
        if (!shipsAlike(old, newConfig)) {
            // Runs already shipping keep their shipper (until shutdown); runs created from now use the new settings.
            ServerShipping earlier = shipping;
            if (earlier != null) {
                retiredShippings.add(earlier);
            }
            shipping = ServerShipping.of(newConfig, env, console, this::shippingCaughtUp, shipSettings);
        }
        consoleBars.configure(newConfig, console, out);
    }

    ConsoleBars consoleBars() {
        return consoleBars;
    }

    MetricFlusher metricFlusher() {
        return metricFlusher;
    }

    ZoneId zone() {
        return zone;
    }

    StatusStore statusStore() {
        return statusStore;
    }

    PlotStore plotStore() {
        return plotStore;
    }

    void statusStore(StatusStore store) {
        this.statusStore = store;
    }

    void plotStore(PlotStore store) {
        this.plotStore = store;
    }

    void bindSink(LogSink sink) {
        sinks.add(sink);
        for (RunMonitor m : open.values()) {
            m.sinkBound(sink);
        }
        for (RunMonitor m : draining) {
            m.sinkBound(sink);
        }
    }

    void unbindSink(LogSink sink) {
        sinks.remove(sink);
        for (RunMonitor m : open.values()) {
            m.sinkUnbound(sink);
        }
        for (RunMonitor m : draining) {
            m.sinkUnbound(sink);
        }
    }

    List<LogSink> sinks() {
        return List.copyOf(sinks);
    }

    void bindMetricSink(MetricSink sink) {
        metricSinks.add(sink);
        for (RunMonitor m : open.values()) {
            m.metricSinkBound(sink);
        }
        for (RunMonitor m : draining) {
            m.metricSinkBound(sink);
        }
    }

    void unbindMetricSink(MetricSink sink) {
        metricSinks.remove(sink);
        for (RunMonitor m : open.values()) {
            m.metricSinkUnbound(sink);
        }
        for (RunMonitor m : draining) {
            m.metricSinkUnbound(sink);
        }
    }

    List<MetricSink> metricSinks() {
        return List.copyOf(metricSinks);
    }

    List<RunMonitor> openRuns() {
        return new ArrayList<>(open.values());
    }

    void closed(RunMonitor monitor) {
        open.remove(monitor.run().statusFile(), monitor);
        if (!monitor.tick(System.currentTimeMillis(), config)) {
            draining.add(monitor);
        }
    }

    /** Stops the timer; open runs are marked interrupted and whatever cannot be written goes to stderr. */
    void shutdown() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The runs' last values are flushed by abandon, on this thread.
        metricFlusher.stop();
        for (RunMonitor m : openRuns()) {
            m.abandon();
        }
        open.clear();
        for (RunMonitor m : draining) {
            m.abandon();
        }
        draining.clear();
        finishShipping();
    }

    /** The runs' last records are in their files now: give the shipper a bounded time to send them. */
    private void finishShipping() {
        List<ServerShipping> all = new ArrayList<>(retiredShippings);
        ServerShipping current = shipping;
        if (current != null) {
            all.add(current);
        }
        shipping = null;
        retiredShippings.clear();
        long deadline = System.nanoTime() + SHIPPING_DRAIN.toNanos();
        for (ServerShipping s : all) {
            s.finish(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private static boolean shipsAlike(CoreConfig a, CoreConfig b) {
        return a.server().equals(b.server())
                && a.tokenFile().equals(b.tokenFile())
                && a.trustStore().equals(b.trustStore())
                && a.trustStorePassword().equals(b.trustStorePassword());
    }

    /** After a shipping outage: the note goes into the logs of the open runs it concerned, as sink outages do. */
    private void shippingCaughtUp(String note, Set<Path> monitoringDirs) {
        for (RunMonitor m : openRuns()) {
            if (monitoringDirs.contains(m.run().layout().monitoringDir())) {
                m.shippingNote(note);
            }
        }
    }

    private void tick() {
        long now = System.currentTimeMillis();
        CoreConfig c = config;
        try {
            for (RunMonitor m : open.values()) {
                m.tick(now, c);
            }
            draining.removeIf(m -> m.tick(now, c));
            consoleBars.tick(System.nanoTime());
        } catch (RuntimeException e) {
            // The timer must survive whatever a sink or store throws, or heartbeats stop for every run.
            console.println("labwatch: monitor timer: " + Outage.describe(e));
        }
    }
}

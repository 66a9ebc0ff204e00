package org.labwatch.core;

import java.io.PrintStream;
import java.nio.file.Path;
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
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusStore;

/**
 * Creates runs and keeps them alive: the bound sinks and stores, and one daemon timer for
 * heartbeats, status flushes and retries of every open run.
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
    private volatile StatusStore statusStore;
    private volatile PlotStore plotStore;
    private final Map<Path, RunMonitor> open = new ConcurrentHashMap<>();
    private final Set<RunMonitor> draining = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ConsoleBars consoleBars;

    MonitorEngine(CoreConfig config, PrintStream console, PrintStream out) {
        this.config = config;
        this.console = console;
        this.out = out;
        this.consoleBars = new ConsoleBars(config, console, out);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-monitor-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
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
        RunMonitor monitor = new RunMonitor(this, run, config, identity, console, out);
        open.put(key, monitor);
        monitor.start(sinks, "host " + identity.host() + ", pid " + identity.pid());
        return monitor;
    }

    void reconfigure(CoreConfig newConfig) {
        this.config = newConfig;
        consoleBars.configure(newConfig, console, out);
    }

    ConsoleBars consoleBars() {
        return consoleBars;
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
        for (RunMonitor m : openRuns()) {
            m.abandon();
        }
        open.clear();
        for (RunMonitor m : draining) {
            m.abandon();
        }
        draining.clear();
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

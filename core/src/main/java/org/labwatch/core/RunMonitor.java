package org.labwatch.core;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.labwatch.api.Level;
import org.labwatch.api.Monitor;
import org.labwatch.api.ProgressBar;
import org.labwatch.api.RunState;
import org.labwatch.api.Workflow;
import org.labwatch.internal.ship.ShippedRun;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StoredPlot;

/**
 * One run of an experiment. A single lock orders everything the run reports, so records reach
 * every sink in the order the calls returned and the status never goes backwards. Metric values
 * are the exception: they take only their recorder's short lock ({@link RunMetrics}), since a
 * log record's file write under the run's lock must not hold up a value that costs nanoseconds.
 */
final class RunMonitor implements Monitor {

    private final Object lock = new Object();
    private final MonitorEngine engine;
    private final RunInfo run;
    private final RunStatus status;
    private final LogDelivery delivery;
    private final StatusPersistence persistence;
    private final PlotDelivery plots;
    private final BarBoard bars;
    private final RunMetrics metrics;
    private final MetricFlusher flusher;
    /** What the flusher calls; one object, so that it can be unfollowed by identity. */
    private final MetricFlusher.Target flushTarget = this::flushMetrics;

    private final PrintStream console;
    private final PrintStream echo;
    /** This run's files being shipped to a server; null when none is configured. */
    private final ShippedRun shipped;

    private long sequence;
    private boolean closed;
    private boolean ended;
    private long nextHeartbeatMs;
    private long nextRetryMs;
    private long lastFlushMs;
    private long lastBarPersistMs;

    RunMonitor(
            MonitorEngine engine,
            RunInfo run,
            CoreConfig config,
            HostIdentity identity,
            PrintStream console,
            PrintStream out,
            ShippedRun shipped) {
        this.engine = engine;
        this.shipped = shipped;
        this.run = run;
        this.console = console;
        this.echo = config.echo() ? out : null;
        this.bars = new BarBoard(engine.consoleBars(), engine.zone());
        this.flusher = engine.metricFlusher();
        this.metrics = new RunMetrics(run, config, flusher::wake, () -> flusher.follow(flushTarget), console);
        this.status = new RunStatus(run, identity, engine.zone(), config, bars, metrics.recorder());
        this.delivery = new LogDelivery(run, config.backlogRecords(), config.sinkReturnGraceMs(), console);
        this.persistence = new StatusPersistence(run, engine::statusStore, this::note, console);
        this.plots = new PlotDelivery(run, engine::plotStore, config.plotBacklogBytes(), this::plotStored, console);
        long now = System.currentTimeMillis();
        this.nextHeartbeatMs = now + config.heartbeatIntervalMs();
        this.lastFlushMs = now;
    }

    RunInfo run() {
        return run;
    }

    void start(List<LogSink> sinks, List<MetricSink> metricSinks, String hostDescription) {
        synchronized (lock) {
            for (LogSink sink : sinks) {
                delivery.sinkBound(sink);
            }
            for (MetricSink sink : metricSinks) {
                metrics.sinkBound(sink, new ArrayList<>(0));
            }
            record(
                    Level.INFO,
                    "Monitoring started for experiment '" + run.experimentName() + "' (" + hostDescription
                            + "); status: " + run.statusFile() + "; log: " + run.logFile(),
                    null);
            persistence.persist(status);
        }
    }

    @Override
    public String experimentName() {
        return run.experimentName();
    }

    @Override
    public void log(String message) {
        log(Level.INFO, message);
    }

    @Override
    public void log(Level level, String message) {
        if (level == null) {
            throw new IllegalArgumentException("level must not be null");
        }
        synchronized (lock) {
            if (closed) {
                afterClose(level, message);
                return;
            }
            record(level, String.valueOf(message), null);
        }
    }

    @Override
    public void warn(String message) {
        log(Level.WARNING, message);
    }

    @Override
    public void error(String message) {
        error(message, null);
    }

    @Override
    public void error(String message, Throwable cause) {
        String text = String.valueOf(message);
        String trace = StackTraces.of(cause);
        StatusPersistence.Pending due;
        synchronized (lock) {
            if (closed) {
                afterClose(Level.ERROR, text + (trace == null ? "" : "\n" + trace));
                return;
            }
            LogRecord r = record(Level.ERROR, text, trace);
            status.error(r.time(), text, trace);
            due = statusDue();
        }
        writeOutsideLock(due);
    }

    @Override
    public void updateProgress(String stepName, int stepNumber, int totalSteps) {
        updateProgress(stepName, stepNumber, totalSteps, null);
    }

    @Override
    public void updateProgress(String stepName, int stepNumber, int totalSteps, String message) {
        if (stepName == null) {
            throw new IllegalArgumentException("stepName must not be null");
        }
        if (stepNumber < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("stepNumber and totalSteps must not be negative (got " + stepNumber
                    + " of " + totalSteps + " for step '" + stepName + "')");
        }
        StatusPersistence.Pending due;
        synchronized (lock) {
            if (closed) {
                afterClose(Level.INFO, "Step " + stepNumber + "/" + totalSteps + ": " + stepName);
                return;
            }
            LogRecord r = record(
                    Level.INFO,
                    "Step " + stepNumber + "/" + totalSteps + ": " + stepName
                            + (message == null || message.isEmpty() ? "" : " - " + message),
                    null);
            status.step(r.time(), stepName, stepNumber, totalSteps, message);
            due = statusDue();
        }
        writeOutsideLock(due);
    }

    @Override
    public Path savePlot(byte[] image, String name) {
        if (image == null) {
            throw new IllegalArgumentException("plot '" + name + "': image bytes must not be null");
        }
        synchronized (lock) {
            // After close the file is still saved (a plot is worth keeping), only the finished status is left alone.
            return plots.save(name, image);
        }
    }

    @Override
    public Path savePlot(RenderedImage image, String name) {
        if (image == null) {
            throw new IllegalArgumentException("plot '" + name + "': image must not be null");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalArgumentException("plot '" + name + "': this image cannot be encoded as PNG");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("plot '" + name + "': encoding as PNG failed: " + e.getMessage(), e);
        }
        return savePlot(png.toByteArray(), name);
    }

    @Override
    public Path savePlot(Path imageFile, String name) {
        if (imageFile == null) {
            throw new IllegalArgumentException("plot '" + name + "': image file must not be null");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(imageFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("plot file " + imageFile + " does not exist", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new IllegalArgumentException("plot file " + imageFile + " cannot be read: " + e, e);
        }
        return savePlot(bytes, name != null ? name : imageFile.getFileName().toString());
    }

    @Override
    public <T> Iterable<T> progress(Iterable<T> items, String description) {
        if (items == null) {
            throw new IllegalArgumentException("progress(null, \"" + description + "\"): items must not be null");
        }
        return new ProgressIterable<>(items, description, bars);
    }

    @Override
    public <T> Stream<T> progress(Stream<T> items, String description, long total) {
        if (items == null) {
            throw new IllegalArgumentException(
                    "progress(null, \"" + description + "\", " + total + "): items must not be null");
        }
        Bar bar = bars.open(description, total);
        return StreamSupport.stream(new BarSpliterator<>(items.spliterator(), bar, true), items.isParallel())
                .onClose(items::close)
                .onClose(bar::close);
    }

    @Override
    public Iterable<Integer> range(int n, String description) {
        return new RangeIterable(n, description, bars);
    }

    @Override
    public ProgressBar progressBar(String description, long total) {
        return bars.open(description, total);
    }

    @Override
    public Workflow workflow(List<String> stepNames) {
        return new StepWorkflow(this, stepNames);
    }

    void stepFinished(String name, int number, int total, double seconds, String text) {
        StatusPersistence.Pending due;
        synchronized (lock) {
            if (closed) {
                afterClose(Level.INFO, text);
                return;
            }
            LogRecord r = record(Level.INFO, text, null);
            status.step(r.time(), name, number, total, "Completed", Math.round(seconds * 1000) / 1000.0);
            due = statusDue();
        }
        writeOutsideLock(due);
    }

    void stepFailed(String name, int number, int total, double seconds, String text, Throwable cause) {
        String trace = StackTraces.of(cause);
        StatusPersistence.Pending due;
        synchronized (lock) {
            if (closed) {
                afterClose(Level.ERROR, text);
                return;
            }
            LogRecord r = record(Level.ERROR, text, trace);
            status.error(r.time(), text, trace);
            status.step(r.time(), name, number, total, "Failed", Math.round(seconds * 1000) / 1000.0);
            due = statusDue();
        }
        writeOutsideLock(due);
    }

    @Override
    public void metric(String name, double value) {
        metrics.record(name, value);
    }

    @Override
    public void metric(String name, long step, double value) {
        metrics.record(name, step, value);
    }

    @Override
    public void metrics(Map<String, ? extends Number> values) {
        metrics.recordAll(values);
    }

    @Override
    public void metrics(long step, Map<String, ? extends Number> values) {
        metrics.recordAll(step, values);
    }

    /** On the flusher's thread: recorded values to the sinks; notes go to the log under the run's lock. */
    private void flushMetrics(long nowMs) {
        List<String> notes = metrics.flush(nowMs);
        if (!notes.isEmpty()) {
            synchronized (lock) {
                recordNotes(notes);
            }
        }
    }

    @Override
    public void complete(String message) {
        finish(RunState.COMPLETED, message == null ? "Completed" : message, null);
    }

    @Override
    public void fail(String message, Throwable cause) {
        finish(RunState.FAILED, message == null ? "Failed" : message, cause);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!status.state().isFinished()) {
                endAs(RunState.INTERRUPTED, "Run closed without complete() or fail(): marked interrupted", null);
            }
            closeAndFlush();
            endIfSettled();
        }
        engine.closed(this);
    }

    /** A new run of the same experiment started in this JVM before this one was closed. */
    void supersede(Instant newStart) {
        synchronized (lock) {
            if (!closed && !status.state().isFinished()) {
                endAs(
                        RunState.INTERRUPTED,
                        "Superseded by a new run of the same experiment started at " + newStart,
                        null);
            }
        }
        close();
    }

    /** Heartbeat, status flush and retries; called by the engine's timer. @return true when nothing is left to do */
    boolean tick(long nowMs, CoreConfig config) {
        StatusPersistence.Pending due = null;
        boolean done;
        synchronized (lock) {
            if (!closed && nowMs >= nextHeartbeatMs) {
                status.heartbeat(Instant.ofEpochMilli(nowMs));
                nextHeartbeatMs = nowMs + config.heartbeatIntervalMs();
            }
            boolean retryDue = nowMs >= nextRetryMs;
            if (retryDue && (delivery.hasHeld() || plots.hasHeld())) {
                delivery.retry();
                plots.retry();
                nextRetryMs = nowMs + config.retryIntervalMs();
            }
            if (!closed
                    && nowMs - lastBarPersistMs >= config.progressPersistIntervalMs()
                    && bars.changedSinceLastLook()) {
                lastBarPersistMs = nowMs;
                status.barsChanged();
                lastFlushMs = Math.min(lastFlushMs, nowMs - config.statusFlushIntervalMs());
            }
            if (!persistence.isCurrent(status)
                    && nowMs - lastFlushMs >= config.statusFlushIntervalMs()
                    && (!persistence.failing() || retryDue)) {
                lastFlushMs = nowMs;
                due = persistence.pending(status);
            }
            done = closed && endIfSettled();
        }
        if (due != null) {
            List<String> notes = persistence.write(due);
            synchronized (lock) {
                recordNotes(notes);
                if (persistence.failing()) {
                    nextRetryMs = nowMs + config.retryIntervalMs();
                }
            }
        }
        return done;
    }

    /** Last chance (container stopping, JVM exiting): what still could not be written goes to stderr. */
    void abandon() {
        synchronized (lock) {
            if (!closed) {
                endAs(RunState.INTERRUPTED, "Monitoring stopped (JVM or container shutting down)", null);
                closeAndFlush();
            }
            if (!ended) {
                List<LogRecord> lost = delivery.end();
                long lostValues = endMetrics();
                ended = true;
                shippingEnded();
                if (!lost.isEmpty() || plots.hasHeld() || lostValues > 0 || !persistence.isCurrent(status)) {
                    console.println("labwatch: could not write everything of '" + run.experimentName() + "': "
                            + lost.size() + " log record(s) follow, " + plots.heldCount() + " plot(s) lost"
                            + (lostValues > 0 ? ", " + lostValues + " metric value(s) lost" : "")
                            + (persistence.isCurrent(status) ? "" : ", last status not written"));
                    for (LogRecord r : lost) {
                        console.println("  " + r.time() + " " + r.level() + " " + r.message()
                                + (r.stackTrace() == null ? "" : "\n" + r.stackTrace()));
                    }
                }
            }
        }
    }

    List<LogSink> boundSinks() {
        synchronized (lock) {
            return delivery.sinks();
        }
    }

    void sinkBound(LogSink sink) {
        synchronized (lock) {
            if (!ended) {
                delivery.sinkBound(sink);
            }
        }
    }

    void sinkUnbound(LogSink sink) {
        synchronized (lock) {
            delivery.sinkUnbound(sink);
        }
    }

    void metricSinkBound(MetricSink sink) {
        synchronized (lock) {
            if (!ended) {
                List<String> notes = new ArrayList<>(0);
                metrics.sinkBound(sink, notes);
                recordNotes(notes);
            }
        }
    }

    void metricSinkUnbound(MetricSink sink) {
        synchronized (lock) {
            metrics.sinkUnbound(sink);
        }
    }

    private void finish(RunState state, String message, Throwable cause) {
        synchronized (lock) {
            if (closed) {
                afterClose(state == RunState.FAILED ? Level.ERROR : Level.INFO, message);
                return;
            }
            if (status.state().isFinished()) {
                record(
                        Level.WARNING,
                        "Run already " + status.state().jsonName() + "; now also marked " + state.jsonName() + ": "
                                + message,
                        null);
            }
            endAs(state, message, cause);
        }
    }

    private void endAs(RunState state, String message, Throwable cause) {
        String trace = StackTraces.of(cause);
        LogRecord r = record(
                state == RunState.COMPLETED ? Level.INFO : state == RunState.FAILED ? Level.ERROR : Level.WARNING,
                message,
                trace);
        if (state == RunState.FAILED) {
            status.error(r.time(), message, trace);
        }
        status.finish(r.time(), state, message);
        persistence.persist(status);
    }

    /** Bars still open are abandoned; one last attempt to write everything held. */
    private void closeAndFlush() {
        // Values recorded until now reach their file before close returns, as log records do.
        recordNotes(metrics.closeAndFlush());
        bars.abandonAll();
        status.barsChanged();
        closed = true;
        persistence.persist(status);
        delivery.retry();
        plots.retry();
    }

    private boolean endIfSettled() {
        if (ended) {
            return true;
        }
        if (delivery.hasHeld() || plots.hasHeld() || metrics.hasHeld() || !persistence.isCurrent(status)) {
            return false;
        }
        delivery.end();
        endMetrics();
        ended = true;
        shippingEnded();
        return true;
    }

    /** The sinks let go of the run's metrics file, and the flusher of the run. @return values never written */
    private long endMetrics() {
        flusher.unfollow(flushTarget);
        return metrics.end();
    }

    /** Everything of the run is in its files: the shipper sends them until the server holds all, then lets go. */
    private void shippingEnded() {
        if (shipped != null) {
            shipped.ended();
        }
    }

    /** A shipping note (the server caught up after an outage) for this run's log, as sink outages get. */
    void shippingNote(String text) {
        synchronized (lock) {
            if (!closed) {
                note(text);
            }
        }
    }

    private LogRecord record(Level level, String message, String stackTrace) {
        LogRecord r = new LogRecord(++sequence, Instant.now(), level, message, stackTrace);
        status.message(r);
        delivery.deliver(r);
        if (echo != null) {
            engine.consoleBars().printAbove(echo, stackTrace == null ? message : message + "\n" + stackTrace);
        }
        return r;
    }

    /** Under the lock: the status version to write once the lock is released, unless writes are failing. */
    private StatusPersistence.Pending statusDue() {
        if (persistence.failing()) {
            return null;
        }
        lastFlushMs = System.currentTimeMillis();
        return persistence.pending(status);
    }

    /** The caller's status write, without holding the lock: threads that only log go on meanwhile. */
    private void writeOutsideLock(StatusPersistence.Pending due) {
        if (due == null) {
            return;
        }
        List<String> notes = persistence.write(due);
        if (!notes.isEmpty()) {
            synchronized (lock) {
                recordNotes(notes);
            }
        }
    }

    private void recordNotes(List<String> notes) {
        if (!ended) {
            for (String n : notes) {
                note(n);
            }
        } else {
            for (String n : notes) {
                console.println(n);
            }
        }
    }

    private void persistNow() {
        if (!persistence.failing()) {
            lastFlushMs = System.currentTimeMillis();
            persistence.persist(status);
        }
    }

    private void note(String text) {
        record(text.startsWith("labwatch:") ? Level.WARNING : Level.INFO, text, null);
    }

    private void plotStored(StoredPlot plot) {
        if (shipped != null) {
            shipped.plotSaved(plot.fileName());
        }
        if (closed) {
            afterClose(Level.INFO, "Saved plot " + plot.path() + " (not listed in the finished status)");
            return;
        }
        status.plot(
                plot.modified() != null ? plot.modified() : Instant.now(),
                stem(plot.fileName()),
                plot.fileName(),
                plot.type() == null ? null : plot.type().mediaType(),
                plot.bytes());
        record(Level.INFO, "Saved plot " + plot.fileName() + " (" + plot.bytes() + " bytes)", null);
        persistNow();
    }

    private void afterClose(Level level, String message) {
        console.println("labwatch: the monitor of '" + run.experimentName() + "' is closed; not recorded: " + level
                + " " + message);
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    @Override
    public String toString() {
        return "Monitor[" + run.experimentName() + " @ " + run.layout().exptPath() + "]";
    }
}

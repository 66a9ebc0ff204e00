package org.labwatch.index;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;

/**
 * A {@link StatusSnapshot} of some status directories kept current by the store's watch, and
 * replaced by a full listing every {@code relistSeconds}: the index's one safety net for anything
 * a store's watch missed (a network file system that lost an event, a store without watch events).
 */
final class WatchedExperiments implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WatchedExperiments.class.getName());

    private final List<Path> dirs;
    private final StatusStore store;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    private final Object lock;
    private final StatusListener also;
    private final ScheduledExecutorService timer;
    private final long relistSeconds;
    private final Runnable whenComplete;
    private final UnaryOperator<StatusReading> naming;
    private Subscription watch;
    private ScheduledFuture<?> relists;
    private volatile boolean complete;
    private boolean closed;

    /**
     * Each event also goes to {@code also}, under {@code lock} together with the snapshot's update,
     * so that whoever holds the lock sees the snapshot and the events that follow it, nothing between.
     * {@code whenComplete} (may be null) runs once the first pass has reported every file; {@code naming}
     * (may be null) gives each reading its id (a remote root's runs carry their source). {@code also}
     * must not throw: the index's fan-out isolates its listeners.
     */
    WatchedExperiments(
            StatusStore store,
            List<Path> dirs,
            Object lock,
            StatusListener also,
            ScheduledExecutorService timer,
            long relistSeconds,
            Runnable whenComplete,
            UnaryOperator<StatusReading> naming) {
        this.naming = naming;
        this.dirs = List.copyOf(dirs);
        this.store = store;
        this.lock = lock;
        this.also = also;
        this.timer = timer;
        this.relistSeconds = relistSeconds;
        this.whenComplete = whenComplete;
    }

    /**
     * Watches: the store's first pass reports every file as ADDED (the list fills in as it goes) and
     * is over when {@code watch} returns, so nothing written meanwhile is missed and no listing is needed.
     */
    void start() {
        Subscription w;
        try {
            w = store.watch(dirs, told -> {
                StatusEvent event = naming == null ? told : new StatusEvent(told.kind(), naming.apply(told.reading()));
                synchronized (lock) {
                    snapshot.statusChanged(event);
                    also.statusChanged(event);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot watch " + dirs + "; listing every " + relistSeconds + " s", e);
            w = () -> {};
            relist();
        }
        synchronized (this) {
            if (closed) {
                w.close();
                return;
            }
            watch = w;
            complete = true;
            relists = timer.scheduleWithFixedDelay(this::relist, relistSeconds, relistSeconds, TimeUnit.SECONDS);
        }
        LOG.log(System.Logger.Level.INFO, "indexed " + snapshot.size() + " experiment(s) in " + dirs);
        if (whenComplete != null) {
            whenComplete.run();
        }
    }

    boolean complete() {
        return complete;
    }

    List<Path> directories() {
        return dirs;
    }

    List<StatusReading> experiments() {
        return snapshot.sorted();
    }

    /** Whether the last view holds this status file. */
    boolean has(Path statusFile) {
        return snapshot.has(statusFile);
    }

    /** How many experiments are known: what health asks while indexing, without a sorted copy each time. */
    int size() {
        return snapshot.size();
    }

    void relist() {
        long mark = snapshot.mark();
        List<StatusReading> listed;
        try {
            listed = store.list(dirs);
            if (naming != null) {
                listed = listed.stream().map(naming).toList();
            }
        } catch (RuntimeException e) {
            snapshot.abandon(mark);
            LOG.log(System.Logger.Level.WARNING, "listing " + dirs + " failed; the watch's view is kept", e);
            return;
        }
        synchronized (lock) {
            for (StatusEvent missed : snapshot.replaceAll(listed, mark)) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "the relist found what the watch did not tell: " + missed.kind() + " "
                                + missed.reading().file());
                also.statusChanged(missed);
            }
        }
    }

    /** Stops watching; {@link #experiments} still answers with the last view. Harmless twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (relists != null) {
            relists.cancel(false);
        }
        if (watch != null) {
            watch.close();
        }
    }
}

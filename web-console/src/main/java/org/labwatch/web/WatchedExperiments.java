package org.labwatch.web;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;

/**
 * A {@link StatusSnapshot} of some status directories kept current by the store's watch, and
 * replaced by a full listing every {@link #RELIST_SECONDS} in case the watch missed something
 * (e.g. a file deleted while the watch was starting).
 */
final class WatchedExperiments implements AutoCloseable {

    static final long RELIST_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger(WatchedExperiments.class.getName());

    private final List<Path> dirs;
    private final StatusStore store;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    private final Subscription watch;
    private final ScheduledExecutorService timer;
    private boolean closed;

    WatchedExperiments(StatusStore store, List<Path> dirs) {
        this(store, dirs, new Object(), event -> { });
    }

    /**
     * Watches first, then lists: what the watch reports during the listing wins over it. Each
     * event also goes to {@code also}, under {@code lock} together with the snapshot's update, so
     * that whoever holds the lock sees the snapshot and the events that follow it, nothing between.
     */
    WatchedExperiments(StatusStore store, List<Path> dirs, Object lock, StatusListener also) {
        this.dirs = List.copyOf(dirs);
        this.store = store;
        this.watch = store.watch(this.dirs, event -> {
            synchronized (lock) {
                snapshot.statusChanged(event);
                also.statusChanged(event);
            }
        });
        relist();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-index-relist");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::relist, RELIST_SECONDS, RELIST_SECONDS, TimeUnit.SECONDS);
    }

    List<Path> directories() {
        return dirs;
    }

    List<StatusReading> experiments() {
        return snapshot.sorted();
    }

    private void relist() {
        try {
            long mark = snapshot.mark();
            snapshot.replaceAll(store.list(dirs), mark);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listing " + dirs + " failed; the watch's view is kept", e);
        }
    }

    /** Stops watching; {@link #experiments} still answers with the last view. Harmless twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        watch.close();
    }
}

package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.Subscription;

/**
 * One {@link org.labwatch.spi.StatusStore#watch} over the change feed: the status files of its
 * directories as {@code ADDED} before {@link #start} returns, then {@code CHANGED} (only when the
 * bytes differ) and {@code REMOVED} as the feed hands on the changes of any node. When the
 * database cannot be read (away), the watch lists its directories again once it can and tells
 * the differences, so that an outage loses no change.
 */
final class StatusFeedWatch implements Subscription {

    private static final System.Logger LOG = System.getLogger(StatusFeedWatch.class.getName());

    private final List<Path> dirs;
    private final StatusListener listener;
    private final StoredFiles files;
    private final StatusReadings readings;
    private final ChangeFeed feed;
    private final ScheduledExecutorService retries;
    private final long retryMs;

    /** What the listener was told last, by key; guarded by this. */
    private final Map<String, StatusReadings.Listed> known = new HashMap<>();

    private Subscription subscription;
    private boolean relistPending;
    private volatile boolean closed;

    StatusFeedWatch(
            List<Path> dirs,
            StatusListener listener,
            StoredFiles files,
            StatusReadings readings,
            ChangeFeed feed,
            ScheduledExecutorService retries,
            long retryMs) {
        this.dirs = dirs;
        this.listener = listener;
        this.files = files;
        this.readings = readings;
        this.feed = feed;
        this.retries = retries;
        this.retryMs = retryMs;
    }

    /** Subscribes first, then lists: a change in between comes from the feed, with a newer sequence number. */
    void start() {
        subscription = feed.subscribe(dirs, Set.of(FileKind.STATUS), this::changed);
        relist();
    }

    private synchronized void changed(List<FileRow> rows) {
        if (closed || relistPending) {
            // a relist is coming and will tell these too
            return;
        }
        List<FileRow> live = new ArrayList<>();
        for (FileRow row : rows) {
            if (!StatusReadings.isStatusName(row.name())) {
                continue;
            }
            StatusReadings.Listed before = known.get(row.key());
            if (row.removed()) {
                readings.forget(row.key());
                if (before != null) {
                    known.remove(row.key());
                    tell(StatusEvent.Kind.REMOVED, before);
                }
            } else if (before == null || before.seq() < row.seq()) {
                live.add(row);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<StatusReadings.Listed> now;
        try {
            now = readings.listed(live);
        } catch (IOException e) {
            relistLater(e);
            return;
        }
        for (StatusReadings.Listed l : now) {
            apply(l);
        }
    }

    /** Lists the directories and tells what differs from what the listener knows. */
    private synchronized void relist() {
        if (closed) {
            return;
        }
        relistPending = false;
        List<StatusReadings.Listed> now;
        try {
            now = readings.listed(files.list(dirs, FileKind.STATUS));
        } catch (IOException e) {
            relistLater(e);
            return;
        }
        Set<String> present = new HashSet<>();
        for (StatusReadings.Listed l : now) {
            if (StatusReadings.isStatusName(l.reading().file().getFileName().toString())) {
                present.add(files.keys().key(l.reading().file()));
                apply(l);
            }
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                it.remove();
                tell(StatusEvent.Kind.REMOVED, e.getValue());
            }
        }
    }

    private void apply(StatusReadings.Listed l) {
        String key = files.keys().key(l.reading().file());
        StatusReadings.Listed before = known.get(key);
        if (before != null && before.seq() >= l.seq()) {
            return;
        }
        known.put(key, l);
        if (before == null) {
            tell(StatusEvent.Kind.ADDED, l);
        } else if (!before.sameContent(l)) {
            tell(StatusEvent.Kind.CHANGED, l);
        }
    }

    private void relistLater(IOException e) {
        if (!relistPending) {
            LOG.log(
                    Level.DEBUG,
                    "status watch of " + dirs + ": " + e.getMessage() + "; listing again in " + retryMs + " ms");
        }
        relistPending = true;
        if (!retries.isShutdown()) {
            retries.schedule(this::relist, retryMs, TimeUnit.MILLISECONDS);
        }
    }

    private void tell(StatusEvent.Kind kind, StatusReadings.Listed l) {
        try {
            listener.statusChanged(new StatusEvent(kind, l.reading()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a status listener failed: " + e, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}

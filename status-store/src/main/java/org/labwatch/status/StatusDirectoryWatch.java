package org.labwatch.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.DirectoryWatch;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;

/**
 * Reports status files appearing, changing and disappearing in some directories, whoever writes
 * them (this store, the Python tool, a hand edit), through a {@link DirectoryWatch}. The handler
 * methods are synchronized because a new rescan interval replaces the directory watch, and the old
 * one's thread may still be finishing a pass when the new one starts its first.
 */
final class StatusDirectoryWatch implements Subscription, DirectoryWatch.Handler {

    private static final System.Logger LOG = System.getLogger(StatusDirectoryWatch.class.getName());
    /** An atomic replace arrives as several events; they are gathered this long and the file read once. */
    private static final Duration SETTLE = Duration.ofMillis(20);

    private final List<Path> dirs;
    private final StatusListener listener;
    private final JsonStatusStore store;
    private final Map<Path, StatusReading> known = new HashMap<>();
    private final Consumer<StatusDirectoryWatch> onClose;
    private volatile DirectoryWatch watch;
    private volatile boolean closed;

    StatusDirectoryWatch(List<Path> dirs, StatusListener listener, JsonStatusStore store, long rescanMs,
                         Consumer<StatusDirectoryWatch> onClose) {
        this.dirs = List.copyOf(dirs);
        this.listener = listener;
        this.store = store;
        this.onClose = onClose;
        // The first pass here, before watch() returns: a caller that lists after watching (the
        // dashboard's index) then has no gap in which a file could be deleted unseen by both.
        rescan();
        this.watch = startWatch(rescanMs);
    }

    private DirectoryWatch startWatch(long rescanMs) {
        return DirectoryWatch.start("labwatch-status-watch", dirs, StatusDirectoryWatch::isStatusFile,
                Duration.ofMillis(rescanMs), SETTLE, this);
    }

    /** A changed setting: what is known stays, so the new watch's first pass reports only real changes. */
    void rescanEvery(long rescanMs) {
        DirectoryWatch old;
        synchronized (this) {
            if (closed) {
                return;
            }
            old = watch;
            watch = startWatch(rescanMs);
        }
        old.close();
        if (closed) {
            watch.close(); // closed meanwhile, perhaps before the new watch was in place
        }
    }

    private static boolean isStatusFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.endsWith(MonitoringLayout.STATUS_SUFFIX);
    }

    @Override
    public synchronized void rescan() {
        Set<Path> present = new HashSet<>();
        for (Path dir : dirs) {
            present.addAll(JsonStatusStore.statusFiles(dir));
        }
        for (Path file : present) {
            look(file);
        }
        for (Path gone : new HashSet<>(known.keySet())) {
            if (!present.contains(gone)) {
                look(gone);
            }
        }
    }

    @Override
    public synchronized void touched(Set<Path> files) {
        for (Path file : files) {
            look(file);
        }
    }

    private void look(Path file) {
        StatusReading before = known.get(file);
        if (!Files.isRegularFile(file)) {
            if (before != null) {
                known.remove(file);
                tell(new StatusEvent(StatusEvent.Kind.REMOVED, before));
            }
            return;
        }
        StatusReading now = store.read(file);
        if (before == null) {
            known.put(file, now);
            tell(new StatusEvent(StatusEvent.Kind.ADDED, now));
        } else if (now != before && !sameContent(before, now)) {
            known.put(file, now);
            tell(new StatusEvent(StatusEvent.Kind.CHANGED, now));
        }
    }

    private static boolean sameContent(StatusReading a, StatusReading b) {
        return Objects.equals(a.status(), b.status()) && Objects.equals(a.problem(), b.problem());
    }

    private void tell(StatusEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.statusChanged(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a status listener failed on " + event.kind() + " of "
                    + event.reading().file(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
        onClose.accept(this);
    }
}

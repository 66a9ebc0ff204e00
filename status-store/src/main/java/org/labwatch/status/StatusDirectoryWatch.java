package org.labwatch.status;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.watch.DirectoryWatch;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
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
    private final Map<Path, ListedReading> known = new HashMap<>();
    private final Consumer<StatusDirectoryWatch> onClose;
    private final Function<Path, String> fileSystemType;
    private volatile DirectoryWatch watch;
    private volatile boolean closed;
    /** After the first pass: files that appear from then on may be caught in their writer's first write. */
    private boolean started;

    StatusDirectoryWatch(
            List<Path> dirs,
            StatusListener listener,
            JsonStatusStore store,
            long rescanMs,
            Consumer<StatusDirectoryWatch> onClose) {
        this(dirs, listener, store, rescanMs, onClose, DirectoryWatch::fileSystemType);
    }

    /** @param fileSystemType a test's stand-in for the real file system type of each directory */
    StatusDirectoryWatch(
            List<Path> dirs,
            StatusListener listener,
            JsonStatusStore store,
            long rescanMs,
            Consumer<StatusDirectoryWatch> onClose,
            Function<Path, String> fileSystemType) {
        this.fileSystemType = fileSystemType;
        this.dirs = List.copyOf(dirs);
        this.listener = listener;
        this.store = store;
        this.onClose = onClose;
        // The first pass here, before watch() returns: a caller that lists after watching (the
        // dashboard's index) then has no gap in which a file could be deleted unseen by both.
        rescan();
        synchronized (this) {
            started = true;
        }
        this.watch = startWatch(rescanMs);
    }

    /**
     * Where directories deliver events, no full pass of its own: the experiment index, which is what
     * watches status directories, relists them as its one safety net, and a pass of
     * the watch's own would list and stat every file a second time. Elsewhere (network file systems) it rescans every interval.
     */
    private DirectoryWatch startWatch(long rescanMs) {
        return DirectoryWatch.start(
                "labwatch-status-watch",
                dirs,
                StatusDirectoryWatch::isStatusFile,
                Duration.ofMillis(rescanMs),
                SETTLE,
                null,
                this,
                fileSystemType);
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

    /**
     * One listing per directory and one stat per file; only files whose stat differs from the
     * last reading are read (the store's list cache keeps each file's size, time and inode beside
     * its list view: an atomic replace changes the inode, an in-place write the time and mostly
     * the size; a write within the file system's time granularity that keeps the size is missed,
     * as the cache would miss it anyway. The directory's own time is no shortcut: an in-place
     * write does not change it. A second map of those here cost 13 MiB with 100,000 runs) (a stat, a link check and a cache look-up in the store), and
     * unreadable ones every time, since a permission change shows in neither size nor time.
     */
    @Override
    public synchronized void rescan() {
        // All listings first, then the reads: the pass is then as close to one moment as it can be.
        List<Path> listed = new ArrayList<>();
        for (Path dir : dirs) {
            listed.addAll(statusFileNames(dir));
        }
        Set<Path> present = new HashSet<>();
        for (Path file : listed) {
            BasicFileAttributes attrs = attributes(file);
            if (attrs == null || !attrs.isRegularFile()) {
                continue;
            }
            present.add(file);
            ListedReading before = known.get(file);
            if (before == null || !before.reading().readable() || store.listedIfUnchanged(file, attrs) != before) {
                look(file, attrs);
            }
        }
        for (Path gone : new HashSet<>(known.keySet())) {
            if (!present.contains(gone)) {
                look(gone, attributes(gone));
            }
        }
    }

    /** A file the store held as caught mid-write, to be read again: if it is one of these directories'. */
    void lookAgain(Path file) {
        if (dirs.contains(file.getParent())) {
            touched(Set.of(file));
        }
    }

    @Override
    public synchronized void touched(Set<Path> files) {
        for (Path file : files) {
            look(file, attributes(file));
        }
    }

    /** @param attrs the file's attributes just taken, null when it does not exist */
    private void look(Path file, BasicFileAttributes attrs) {
        ListedReading before = known.get(file);
        if (attrs == null || !attrs.isRegularFile()) {
            store.forget(file);
            if (before != null) {
                known.remove(file);
                tell(new StatusEvent(StatusEvent.Kind.REMOVED, before.reading()));
            }
            return;
        }
        ListedReading now = store.listed(file);
        if (before == null) {
            if (started && store.caughtMidWrite(now)) {
                // A new file read empty or cut short (a writer creating it with an in-place write):
                // told when it reads well, or once it has stayed bad for the window (the store looks again).
                // The first pass tells every file as it reads: those were there before the watch.
                return;
            }
            known.put(file, now);
            tell(new StatusEvent(StatusEvent.Kind.ADDED, now.reading()));
        } else if (now != before && !now.sameContent(before)) {
            known.put(file, now);
            tell(new StatusEvent(StatusEvent.Kind.CHANGED, now.reading()));
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Visible {@code *_status.json} names of a directory, without a stat each; none when it cannot be listed. */
    private static List<Path> statusFileNames(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + MonitoringLayout.STATUS_SUFFIX)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.length() > MonitoringLayout.STATUS_SUFFIX.length()) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // not created yet: its files, when they come, are found by the next pass
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list status directory " + dir + ": " + e);
        }
        return files;
    }

    private void tell(StatusEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.statusChanged(event);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "a status listener failed on " + event.kind() + " of "
                            + event.reading().file(),
                    e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
        onClose.accept(this);
    }
}

package org.labwatch.logsink.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.labwatch.internal.files.FileVersion;
import org.labwatch.internal.watch.DirectoryWatch;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.Subscription;

/**
 * Reports the files of some directories that grew or were replaced, through a {@link DirectoryWatch}
 * (events where the file system delivers them, a rescan of sizes every interval where it does not,
 * and a minute apart as a safety net where it does). A rescan has to stat every file: logs are
 * appended in place, which leaves their directory's time alone. Files present when a directory is
 * first seen are reported only when they change afterwards.
 *
 * <p>Every regular file that is not hidden is reported, not only {@code *.log}: the same watch
 * follows the metrics directories ({@code *.csv}) for the metrics reader, and each listener picks
 * the files it reads (the dashboard's log follower only a run's log).
 */
final class LogDirectoryWatch implements Subscription, DirectoryWatch.Handler {

    private static final System.Logger LOG = System.getLogger(LogDirectoryWatch.class.getName());

    private final List<Path> dirs;
    private final LogFileListener listener;
    private final Map<Path, FileVersion> seen = new HashMap<>();
    private final Set<Path> listed = new LinkedHashSet<>();
    private final DirectoryWatch watch;
    private volatile boolean closed;
    private boolean started;

    LogDirectoryWatch(List<Path> dirs, LogFileListener listener, long rescanMs) {
        this(dirs, listener, rescanMs, DirectoryWatch::fileSystemType);
    }

    /** @param fileSystemType a test's stand-in for the real file system type of each directory */
    LogDirectoryWatch(List<Path> dirs, LogFileListener listener, long rescanMs, Function<Path, String> fileSystemType) {
        this.dirs = List.copyOf(dirs);
        this.listener = listener;
        // The first pass runs here, not on the watch's thread: a line written right after construction is new.
        rescan();
        started = true;
        this.watch = DirectoryWatch.start(
                "labwatch-log-watch",
                this.dirs,
                LogDirectoryWatch::isFollowed,
                Duration.ofMillis(rescanMs),
                Duration.ZERO,
                this,
                fileSystemType);
    }

    @Override
    public void touched(Set<Path> files) {
        for (Path file : files) {
            look(file);
        }
    }

    @Override
    public void rescan() {
        Set<Path> present = new LinkedHashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                listed.remove(dir);
                continue;
            }
            List<Path> files = followedFiles(dir);
            if (listed.add(dir) && !started) {
                // What a directory holds at the start is history, not news; the files of one that
                // appears later were all written since, and are followed from their start.
                for (Path f : files) {
                    FileVersion s = stat(f);
                    if (s != null) {
                        seen.put(f, s);
                        listener.existing(f);
                    }
                }
            }
            present.addAll(files);
        }
        seen.keySet().retainAll(present);
        for (Path f : present) {
            look(f);
        }
    }

    private void look(Path file) {
        FileVersion now = stat(file);
        if (now == null) {
            seen.remove(file);
            return;
        }
        FileVersion before = seen.put(file, now);
        if (!now.equals(before) && !closed) {
            try {
                listener.changed(file);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "reporting a change of " + file + " failed", e);
            }
        }
    }

    private static FileVersion stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? FileVersion.of(a) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Not a hidden file: editors' and tools' temporary files are hidden (and a subdirectory is left out by {@link #stat}). */
    private static boolean isFollowed(Path file) {
        Path name = file.getFileName();
        return name != null && !name.toString().startsWith(".");
    }

    private static List<Path> followedFiles(Path dir) {
        List<Path> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (isFollowed(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list directory " + dir + ": " + e);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
    }
}

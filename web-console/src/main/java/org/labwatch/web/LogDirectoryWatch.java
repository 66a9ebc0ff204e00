package org.labwatch.web;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reports {@code *.log} files of some directories that grew or were replaced, from a directory
 * watch where the file system delivers events and a rescan of sizes every interval where it does
 * not (network shares, directories created later). Files present when a directory is first seen
 * are reported only when they change afterwards. One daemon thread per watch.
 */
final class LogDirectoryWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogDirectoryWatch.class.getName());

    private record Seen(long size, long modified, Object key) {
    }

    private final List<Path> dirs;
    /** What the watch tells. */
    interface Listener {
        /** A file that was there when its directory was first listed. */
        void existing(Path file);

        /** A file that appeared, grew or was replaced since it was last looked at. */
        void changed(Path file);
    }

    private final Listener listener;
    private final long rescanNanos;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Set<Path> listed = new LinkedHashSet<>();
    private final Map<Path, WatchKey> registered = new HashMap<>();
    private final WatchService service;
    private final Thread thread;
    private volatile boolean closed;

    LogDirectoryWatch(List<Path> dirs, Listener listener, long rescanMs) {
        this.dirs = List.copyOf(dirs);
        this.listener = listener;
        this.rescanNanos = Math.max(10, rescanMs) * 1_000_000L;
        WatchService ws;
        try {
            ws = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no directory watch for logs, rescanning every " + rescanMs + " ms: " + e);
            ws = null;
        }
        this.service = ws;
        // The first scan runs here, not on the thread: a line written right after construction is new.
        rescan();
        this.thread = new Thread(this::run, "labwatch-log-watch");
        thread.setDaemon(true);
        thread.start();
    }

    List<Path> directories() {
        return dirs;
    }

    private void run() {
        long nextRescan = System.nanoTime() + rescanNanos;
        try {
            while (!closed) {
                if (System.nanoTime() - nextRescan >= 0) {
                    rescan();
                    nextRescan = System.nanoTime() + rescanNanos;
                }
                long waitNanos = Math.max(1, nextRescan - System.nanoTime());
                if (service == null) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                    continue;
                }
                WatchKey key = service.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (key == null) {
                    continue;
                }
                Set<Path> touched = new LinkedHashSet<>();
                collect(key, touched);
                WatchKey more;
                while ((more = service.poll(0, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, touched);
                }
                for (Path file : touched) {
                    look(file);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "log watch of " + dirs + " stopped", e);
        }
    }

    private void collect(WatchKey key, Set<Path> touched) {
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                touched.addAll(logFiles(dir));
                continue;
            }
            Path file = dir.resolve((Path) event.context());
            if (isLogName(file)) {
                touched.add(file);
            }
        }
        if (!key.reset()) {
            registered.remove(dir);
        }
    }

    private void rescan() {
        Set<Path> present = new LinkedHashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                listed.remove(dir);
                continue;
            }
            if (service != null && !registered.containsKey(dir)) {
                try {
                    registered.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot watch log directory " + dir + ", relying on rescans: " + e);
                }
            }
            List<Path> files = logFiles(dir);
            if (listed.add(dir)) {
                // What a directory already holds when first seen is history, not news.
                for (Path f : files) {
                    Seen s = stat(f);
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
        Seen now = stat(file);
        if (now == null) {
            seen.remove(file);
            return;
        }
        Seen before = seen.put(file, now);
        if (!now.equals(before) && !closed) {
            try {
                listener.changed(file);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "reporting a change of " + file + " failed", e);
            }
        }
    }

    private static Seen stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? new Seen(a.size(), a.lastModifiedTime().toMillis(), a.fileKey()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isLogName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".log") && !name.startsWith(".");
    }

    private static List<Path> logFiles(Path dir) {
        List<Path> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.log")) {
            for (Path p : stream) {
                if (isLogName(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list log directory " + dir + ": " + e);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the log watch: " + e);
            }
        }
    }
}

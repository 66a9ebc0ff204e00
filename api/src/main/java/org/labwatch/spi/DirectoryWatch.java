package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Follows files that other processes write in some directories, for stores and indexes: a
 * WatchService where the file system delivers events, and a full pass every interval where it
 * does not (network shares, directories created after the watch). One daemon thread; the
 * handler is called on it only, so it needs no locking of its own.
 */
public final class DirectoryWatch implements Subscription {

    /** What a watch reports; both calls come from the watch's thread. */
    public interface Handler {
        /** A full pass: list the directories and compare with what is known. First call right after start. */
        void rescan();

        /** Wanted files named by events since the last call: each may have appeared, changed or gone. */
        void touched(Set<Path> files);
    }

    private static final System.Logger LOG = System.getLogger(DirectoryWatch.class.getName());

    private final String name;
    private final List<Path> dirs;
    private final Predicate<Path> wanted;
    private final long rescanNanos;
    private final long settleNanos;
    private final Handler handler;
    private final Map<Path, WatchKey> registered = new HashMap<>();
    private final WatchService service;
    private final Thread thread;
    private volatile boolean closed;

    private DirectoryWatch(String name, List<Path> dirs, Predicate<Path> wanted, Duration rescanEvery, Duration settle,
                           Handler handler) {
        this.name = name;
        this.dirs = List.copyOf(dirs);
        this.wanted = wanted;
        this.rescanNanos = Math.max(10_000_000L, rescanEvery.toNanos());
        this.settleNanos = Math.max(0, settle.toNanos());
        this.handler = handler;
        WatchService ws;
        try {
            ws = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": no directory watch available, rescanning every "
                    + rescanEvery.toMillis() + " ms: " + e);
            ws = null;
        }
        this.service = ws;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Starts watching.
     *
     * @param name        the thread's name, also used in log lines
     * @param wanted      which file names are reported by {@link Handler#touched}
     * @param rescanEvery how often {@link Handler#rescan} runs besides events
     * @param settle      after an event, how long to gather more before reporting (an atomic replace
     *                    arrives as several events); zero reports at once
     */
    public static DirectoryWatch start(String name, List<Path> dirs, Predicate<Path> wanted, Duration rescanEvery,
                                       Duration settle, Handler handler) {
        DirectoryWatch w = new DirectoryWatch(name, dirs, wanted, rescanEvery, settle, handler);
        w.thread.start();
        return w;
    }

    public List<Path> directories() {
        return dirs;
    }

    private void run() {
        long nextRescan = System.nanoTime();
        try {
            while (!closed) {
                if (System.nanoTime() - nextRescan >= 0) {
                    register();
                    handler.rescan();
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
                boolean overflow = collect(key, touched);
                WatchKey more;
                while ((more = service.poll(settleNanos, TimeUnit.NANOSECONDS)) != null) {
                    overflow |= collect(more, touched);
                }
                if (overflow) {
                    nextRescan = System.nanoTime(); // events were lost: a full pass finds what they said
                }
                if (!touched.isEmpty() && !closed) {
                    handler.touched(touched);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + ": watch of " + dirs + " stopped", e);
        }
    }

    /** @return true when the file system lost events for this directory */
    private boolean collect(WatchKey key, Set<Path> touched) {
        Path dir = (Path) key.watchable();
        boolean overflow = false;
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                continue;
            }
            Path file = dir.resolve((Path) event.context());
            if (wanted.test(file)) {
                touched.add(file);
            }
        }
        if (!key.reset()) {
            registered.remove(dir);
        }
        return overflow;
    }

    private void register() {
        if (service == null) {
            return;
        }
        for (Path dir : dirs) {
            if (!registered.containsKey(dir) && Files.isDirectory(dir)) {
                try {
                    registered.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, name + ": cannot watch " + dir + ", relying on rescans: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": closing the watch: " + e);
            }
        }
    }
}

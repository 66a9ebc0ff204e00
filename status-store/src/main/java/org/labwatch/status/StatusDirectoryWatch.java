package org.labwatch.status;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;

/**
 * Reports status files appearing, changing and disappearing. A WatchService gives prompt events
 * where the file system delivers them; a full rescan every interval catches the rest (network
 * shares, directories created later). One daemon thread per watch.
 */
final class StatusDirectoryWatch implements Subscription {

    private static final System.Logger LOG = System.getLogger(StatusDirectoryWatch.class.getName());

    private final List<Path> dirs;
    private final StatusListener listener;
    private final JsonStatusStore store;
    private final long rescanNanos;
    private final Map<Path, StatusReading> known = new HashMap<>();
    private final Map<Path, WatchKey> registered = new HashMap<>();
    private final Thread thread;
    private final WatchService service;
    private volatile boolean closed;

    StatusDirectoryWatch(List<Path> dirs, StatusListener listener, JsonStatusStore store, long rescanMs) {
        this.dirs = dirs;
        this.listener = listener;
        this.store = store;
        this.rescanNanos = Math.max(10, rescanMs) * 1_000_000L;
        WatchService ws;
        try {
            ws = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no directory watch available, rescanning every " + rescanMs + " ms: " + e);
            ws = null;
        }
        this.service = ws;
        this.thread = new Thread(this::run, "labwatch-status-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long nextRescan = 0;
        try {
            while (!closed) {
                long now = System.nanoTime();
                if (now - nextRescan >= 0) {
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
                Set<Path> touched = new HashSet<>();
                collect(key, touched);
                // An atomic replace arrives as several events; take what has queued up and look once.
                WatchKey more;
                while ((more = service.poll(20, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, touched);
                }
                for (Path file : touched) {
                    look(file);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "status watch of " + dirs + " stopped", e);
        }
    }

    private void collect(WatchKey key, Set<Path> touched) {
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                touched.addAll(JsonStatusStore.statusFiles(dir));
                for (Path p : known.keySet()) {
                    if (p.getParent().equals(dir)) {
                        touched.add(p);
                    }
                }
                continue;
            }
            Path file = dir.resolve((Path) event.context());
            String name = file.getFileName().toString();
            if (!name.startsWith(".") && name.endsWith(org.labwatch.api.MonitoringLayout.STATUS_SUFFIX)) {
                touched.add(file);
            }
        }
        if (!key.reset()) {
            registered.remove(dir);
        }
    }

    private void rescan() {
        Set<Path> present = new HashSet<>();
        for (Path dir : dirs) {
            if (service != null && !registered.containsKey(dir) && Files.isDirectory(dir)) {
                try {
                    registered.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot watch " + dir + ", relying on rescans: " + e);
                }
            }
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
        return java.util.Objects.equals(a.status(), b.status()) && java.util.Objects.equals(a.problem(), b.problem());
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
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the status watch: " + e);
            }
        }
    }
}

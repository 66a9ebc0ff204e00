package org.labwatch.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;

/**
 * The runs shipped from other machines, {@code <remote>/<source>/<root>/monitoring/status}: one
 * {@link WatchedExperiments} per root, so a root that appears (a source ships a new experiment
 * directory) is watched on its own, without reading every other run again.
 */
final class RemoteRuns implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RemoteRuns.class.getName());

    private final Path remoteDir;
    private final Object lock;
    private final StatusListener tell;
    private final ScheduledExecutorService timer;
    private final long relistSeconds;
    /** Changed under this object's lock, by the index's thread. */
    private final Map<Path, Watched> roots = new LinkedHashMap<>();
    /**
     * What readers see, published after each change: readers take no lock of this object, because
     * the index's fan-out lock is held around them and a watch's events take it while a root starts.
     */
    private volatile Map<Path, Watched> published = Map.of();

    private StatusStore store;
    /** The last listing failed: said once, and once more when one works again. */
    private boolean listingFails;

    private final MergedReadings merged = new MergedReadings();

    /** A root's watch and, while a new watch reads every file, the view of the one it replaced. */
    private record Watched(RemoteRoot root, WatchedExperiments now, WatchedExperiments before) {

        List<StatusReading> experiments() {
            return before != null && !now.complete() ? before.experiments() : now.experiments();
        }
    }

    RemoteRuns(Path remoteDir, Object lock, StatusListener tell, ScheduledExecutorService timer, long relistSeconds) {
        this.remoteDir = remoteDir;
        this.lock = lock;
        this.tell = tell;
        this.timer = timer;
        this.relistSeconds = relistSeconds;
    }

    Path directory() {
        return remoteDir;
    }

    /**
     * Watches every root anew through {@code store} (null: stop watching, keep the last view). The
     * new watches report their runs as ADDED, as a local rewatch does.
     */
    synchronized void use(StatusStore store) {
        this.store = store;
        for (Map.Entry<Path, Watched> e : roots.entrySet()) {
            Watched w = e.getValue();
            w.now().close();
            if (store != null) {
                WatchedExperiments kept = w.now().complete() || w.before() == null ? w.now() : w.before();
                e.setValue(start(w.root(), kept));
            }
        }
        publish();
    }

    private void publish() {
        published = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roots));
    }

    /** Looks for roots that appeared or went away; a new root is watched, a gone one's runs are REMOVED. */
    synchronized void rescan() {
        if (store == null) {
            return;
        }
        Map<Path, RemoteRoot> found = find();
        if (found == null) {
            return;
        }
        for (Map.Entry<Path, RemoteRoot> e : found.entrySet()) {
            if (!roots.containsKey(e.getKey())) {
                // Published before its first pass tells its runs as ADDED: a subscriber that then asks
                // for logDirectories() (the web side's live log tail) finds the root's logs there.
                Watched w = watched(e.getValue(), null);
                roots.put(e.getKey(), w);
                publish();
                w.now().start();
            }
        }
        for (var it = roots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Watched> e = it.next();
            if (!found.containsKey(e.getKey())) {
                Watched gone = e.getValue();
                it.remove();
                publish();
                gone.now().close();
                synchronized (lock) {
                    for (StatusReading r : gone.experiments()) {
                        tell.statusChanged(new StatusEvent(StatusEvent.Kind.REMOVED, r));
                    }
                }
            }
        }
    }

    /** Runs the first pass of new watches here and now (an index outside a container reads as it is asked). */
    synchronized void relistNow() {
        rescan();
        for (Watched w : published.values()) {
            w.now().relist();
        }
    }

    private Watched start(RemoteRoot root, WatchedExperiments before) {
        Watched w = watched(root, before);
        w.now().start();
        return w;
    }

    /** A root's watch, not started yet. */
    private Watched watched(RemoteRoot root, WatchedExperiments before) {
        return new Watched(
                root,
                new WatchedExperiments(
                        store, List.of(root.statusDir()), lock, tell, timer, relistSeconds, null, root::named),
                before);
    }

    /**
     * The roots the store holds now, or null when it cannot tell (its trouble is said once, and the
     * roots known stay). The store lists them ({@link StatusStore#statusDirectoriesBelow}), so they
     * need not be directories on this machine's disk (a store in a database keeps none).
     */
    private Map<Path, RemoteRoot> find() {
        List<Path> statusDirs;
        try {
            statusDirs = store.statusDirectoriesBelow(remoteDir, 2);
        } catch (IOException | RuntimeException e) {
            if (!listingFails) {
                listingFails = true;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cannot list the remote runs in " + remoteDir + " (" + e
                                + "); keeping the roots known and trying again every " + StatusIndex.REMOTE_SCAN_MS
                                + " ms");
            }
            return null;
        }
        if (listingFails) {
            listingFails = false;
            LOG.log(System.Logger.Level.INFO, "the remote runs in " + remoteDir + " can be listed again");
        }
        Map<Path, RemoteRoot> found = new LinkedHashMap<>();
        Path base = remoteDir.toAbsolutePath().normalize();
        for (Path statusDir : statusDirs) {
            Path dir = statusDir.toAbsolutePath().normalize();
            // <source>/<root>/monitoring/status; the names by the ingest's rules, as it wrote them.
            Path below = dir.startsWith(base) ? base.relativize(dir) : null;
            if (below == null || below.getNameCount() != 4) {
                continue;
            }
            String sourceName = below.getName(0).toString();
            String rootName = below.getName(1).toString();
            if (RemoteRoot.isSourceName(sourceName) && RemoteRoot.isRootName(rootName)) {
                RemoteRoot root = new RemoteRoot(sourceName, rootName, dir.getParent());
                found.put(root.statusDir(), root);
            }
        }
        return found;
    }

    /** Every remote run, sorted as the index sorts; the same list object until one of them changes. */
    List<StatusReading> experiments() {
        Map<Path, Watched> now = published;
        List<List<StatusReading>> parts = new ArrayList<>(now.size());
        for (Watched w : now.values()) {
            parts.add(w.experiments());
        }
        return merged.of(parts);
    }

    int size() {
        int n = 0;
        for (Watched w : published.values()) {
            n += w.now().size();
        }
        return n;
    }

    boolean complete() {
        for (Watched w : published.values()) {
            if (!w.now().complete()) {
                return false;
            }
        }
        return true;
    }

    /** The root whose run this id names, with the run's file-name id; null when none is. */
    Map.Entry<RemoteRoot, String> find(String id) {
        for (Watched w : published.values()) {
            String local = w.root().localId(id);
            if (local != null) {
                return Map.entry(w.root(), local);
            }
        }
        return null;
    }

    /** Each root's sibling {@code kind} of its status directory ({@code logs}, {@code metrics}). */
    List<Path> directories(String kind) {
        List<Path> out = new ArrayList<>();
        for (Watched w : published.values()) {
            out.add(w.root().sibling(kind));
        }
        return out;
    }

    /** Whether a root's view (or the one it replaces while reading) holds this status file. */
    boolean knows(Path statusFile) {
        Watched w = published.get(statusFile.getParent());
        return w != null
                && (w.now().has(statusFile) || (w.before() != null && w.before().has(statusFile)));
    }

    /** The root holding this status file, if it is a remote one. */
    RemoteRoot rootOf(Path statusFile) {
        Watched w = published.get(statusFile.getParent());
        return w == null ? null : w.root();
    }

    @Override
    public synchronized void close() {
        for (Watched w : roots.values()) {
            w.now().close();
        }
        store = null;
    }
}

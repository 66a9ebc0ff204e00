package org.labwatch.internal.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.labwatch.spi.Subscription;

/**
 * Follows files that other processes write in some directories, for stores and indexes. One
 * daemon thread; the handler is called on it only, so it needs no locking of its own.
 *
 * <p>A directory is in one of two modes, told once in the log (INFO) when it is first seen:
 * <ul>
 * <li><b>events</b>: registered with the WatchService on a file system known to deliver its
 *     events (local disks, tmpfs, overlay). Events report changes; a full pass runs only every
 *     {@link #SAFETY_NET} (or the configured interval if that is longer) in case the kernel lost
 *     something silently, and at once when it says it did (OVERFLOW).</li>
 * <li><b>rescans</b>: anything else (nfs, cifs/smb, fuse such as sshfs, 9p, an unknown type,
 *     a JVM whose WatchService only polls, a directory that cannot be registered): a full pass
 *     every configured interval, as the only way to see what other machines write.</li>
 * </ul>
 * Full passes dominated the idle CPU of a server with 10,000 runs (a list and a stat per file
 * every 2 s); an allowlist rather than a denylist because a file system wrongly trusted loses
 * changes for up to a minute, one wrongly distrusted only costs CPU. Independently, every
 * configured interval each configured directory is stat'ed (cheap: one call per directory, not
 * per file): one that appeared, was replaced or came back is registered and gets a full pass at
 * once, since files written before its registration produced no events.
 */
public final class DirectoryWatch implements Subscription {

    /** What a watch reports; both calls come from the watch's thread. */
    public interface Handler {
        /** A full pass: list the directories and compare with what is known. First call right after start. */
        void rescan();

        /** Wanted files named by events since the last call: each may have appeared, changed or gone. */
        void touched(Set<Path> files);
    }

    /** Events are gathered at most this many settle times before they are reported. */
    private static final int MAX_SETTLES = 10;

    /** How often a directory whose events are trusted gets a full pass anyway. */
    public static final Duration SAFETY_NET = Duration.ofSeconds(60);
    /** Far enough ahead to mean "not by the clock", near enough that adding it to nanoTime cannot overflow. */
    private static final long NEVER = Long.MAX_VALUE / 4;

    /**
     * File system types (as {@link java.nio.file.FileStore#type()} names them, compared in lower
     * case) whose watch events the JVM receives for every change, whoever makes it: local block
     * file systems and memory/union file systems of one kernel. Network and FUSE file systems are
     * left out on purpose: a change made by another client never reaches this kernel's inotify.
     */
    private static final Set<String> EVENT_FILE_SYSTEMS = Set.of(
            "ext2",
            "ext3",
            "ext4",
            "xfs",
            "btrfs",
            "tmpfs",
            "overlay",
            "zfs",
            "f2fs",
            "jfs",
            "reiserfs",
            "apfs",
            "hfs",
            "ntfs",
            "refs");

    private static final System.Logger LOG = System.getLogger(DirectoryWatch.class.getName());
    /** Stands for a directory that exists on a file system without file keys (inode numbers). */
    private static final Object NO_KEY = new Object();

    /** A directory as it was when it was last found; {@code key} is null in rescan mode. */
    private record Found(Object fileKey, WatchKey key, boolean events) {}

    private final String name;
    private final List<Path> dirs;
    private final Predicate<Path> wanted;
    private final long rescanNanos;
    private final long safetyNetNanos;
    private final long settleNanos;
    private final Handler handler;
    private final Function<Path, String> fileSystemType;
    private final Map<Path, Found> found = new HashMap<>();
    private final Set<Path> told = new java.util.HashSet<>();
    private final WatchService service;
    /** Why no directory can be in events mode, or null. */
    private final String noEvents;

    private final Thread thread;
    private volatile boolean closed;

    private DirectoryWatch(
            String name,
            List<Path> dirs,
            Predicate<Path> wanted,
            Duration rescanEvery,
            Duration settle,
            Duration safetyNet,
            Handler handler,
            Function<Path, String> fileSystemType) {
        this.name = name;
        this.dirs = List.copyOf(dirs);
        this.wanted = wanted;
        this.rescanNanos = Math.max(10_000_000L, rescanEvery.toNanos());
        // No safety net: passes in events mode only when the kernel says it lost events (OVERFLOW)
        // or a directory appears, for a caller that relists on its own (the experiment index).
        this.safetyNetNanos = safetyNet == null ? NEVER : Math.max(rescanNanos, safetyNet.toNanos());
        this.settleNanos = Math.max(0, settle.toNanos());
        this.handler = handler;
        this.fileSystemType = fileSystemType;
        WatchService ws;
        String why = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            // The JDK on macOS (and any platform without a native watch) polls every few seconds
            // itself: its events are late and cost a stat per file, so a full pass here is no worse.
            if (ws.getClass().getSimpleName().startsWith("Polling")) {
                why = "this JVM's WatchService polls (" + ws.getClass().getName() + ")";
            }
        } catch (IOException e) {
            ws = null;
            why = "no WatchService available: " + e;
        }
        this.service = ws;
        this.noEvents = why;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Starts watching.
     *
     * @param name        the thread's name, also used in log lines
     * @param wanted      which file names are reported by {@link Handler#touched}
     * @param rescanEvery how often {@link Handler#rescan} runs for directories without trusted
     *                    events, and how often missing directories are looked for
     * @param settle      after an event, how long to gather more before reporting (an atomic replace
     *                    arrives as several events); zero reports at once
     */
    public static DirectoryWatch start(
            String name,
            List<Path> dirs,
            Predicate<Path> wanted,
            Duration rescanEvery,
            Duration settle,
            Handler handler) {
        return start(name, dirs, wanted, rescanEvery, settle, handler, DirectoryWatch::fileSystemType);
    }

    /**
     * As {@link #start(String, List, Predicate, Duration, Duration, Handler)}, with the file system
     * type of each directory told by {@code fileSystemType} instead of asked of the JVM: for tests
     * that need a directory in rescan mode (say {@code "nfs"}) on a local disk.
     */
    public static DirectoryWatch start(
            String name,
            List<Path> dirs,
            Predicate<Path> wanted,
            Duration rescanEvery,
            Duration settle,
            Handler handler,
            Function<Path, String> fileSystemType) {
        return start(name, dirs, wanted, rescanEvery, settle, SAFETY_NET, handler, fileSystemType);
    }

    /**
     * As {@link #start(String, List, Predicate, Duration, Duration, Handler, Function)}, with the
     * time between full passes in events mode: {@code safetyNet} (at least {@code rescanEvery}), or
     * none when null, for a caller that relists on its own and should not pay for a second pass.
     */
    public static DirectoryWatch start(
            String name,
            List<Path> dirs,
            Predicate<Path> wanted,
            Duration rescanEvery,
            Duration settle,
            Duration safetyNet,
            Handler handler,
            Function<Path, String> fileSystemType) {
        DirectoryWatch w = new DirectoryWatch(
                name,
                dirs,
                wanted,
                rescanEvery,
                settle,
                safetyNet,
                handler,
                Objects.requireNonNull(fileSystemType, "fileSystemType"));
        w.thread.start();
        return w;
    }

    /** The type of the file system {@code dir} is on as the JVM names it (ext4, nfs4, fuse.sshfs, NTFS). */
    public static String fileSystemType(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /** Whether a file system of this type is known to deliver a watch event for every change. */
    static boolean deliversEvents(String fileSystemType) {
        return fileSystemType != null && EVENT_FILE_SYSTEMS.contains(fileSystemType.toLowerCase(Locale.ROOT));
    }

    public List<Path> directories() {
        return dirs;
    }

    private void run() {
        long nextLook = System.nanoTime();
        long nextPass = nextLook;
        try {
            while (!closed) {
                if (System.nanoTime() - nextLook >= 0) {
                    if (lookForDirectories()) {
                        nextPass = System.nanoTime();
                    }
                    nextLook = System.nanoTime() + rescanNanos;
                }
                if (System.nanoTime() - nextPass >= 0) {
                    handler.rescan();
                    nextPass = System.nanoTime() + (allTrusted() ? safetyNetNanos : rescanNanos);
                }
                long now = System.nanoTime();
                long waitNanos = Math.max(1, Math.min(nextLook - now, nextPass - now));
                if (service == null) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                    continue;
                }
                WatchKey key = service.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (key == null) {
                    continue;
                }
                Set<Path> touched = new LinkedHashSet<>();
                boolean lost = collect(key, touched);
                // Gathered until quiet for the settle time, but not for ever: files written without
                // pause (many runs at once) would otherwise never be reported.
                long gatherUntil = System.nanoTime() + MAX_SETTLES * settleNanos;
                WatchKey more;
                while (System.nanoTime() - gatherUntil < 0
                        && (more = service.poll(settleNanos, TimeUnit.NANOSECONDS)) != null) {
                    lost |= collect(more, touched);
                }
                if (lost) {
                    nextPass =
                            System.nanoTime(); // events were lost or a directory went: a full pass finds what they said
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

    /** Whether every directory present is in events mode, so full passes can be rare. */
    private boolean allTrusted() {
        for (Found f : found.values()) {
            if (!f.events()) {
                return false;
            }
        }
        return true;
    }

    /** @return true when the file system lost events or a watched directory stopped being watched */
    private boolean collect(WatchKey key, Set<Path> touched) {
        Path dir = (Path) key.watchable();
        boolean lost = false;
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                lost = true;
                continue;
            }
            Path file = dir.resolve((Path) event.context());
            if (wanted.test(file)) {
                touched.add(file);
            }
        }
        if (!key.reset()) {
            Found f = found.get(dir);
            if (f != null && f.key() == key) {
                found.remove(dir); // deleted or unmounted: looked for again like a directory not yet created
                lost = true;
            }
        }
        return lost;
    }

    /**
     * One stat per configured directory: registers those that appeared (or were replaced by
     * another directory, which the old registration does not follow) and forgets those that went.
     *
     * @return true when a directory appeared, so its files need a full pass
     */
    private boolean lookForDirectories() {
        boolean appeared = false;
        for (Path dir : dirs) {
            Object fileKey = directoryKey(dir);
            Found before = found.get(dir);
            if (before != null && !sameDirectory(before.fileKey(), fileKey)) {
                if (before.key() != null) {
                    before.key().cancel();
                }
                found.remove(dir);
                before = null;
            }
            if (before == null && fileKey != null) {
                found.put(dir, watch(dir, fileKey));
                appeared = true;
            }
        }
        return appeared;
    }

    /** Without file keys (inode numbers) a replaced directory cannot be told apart; the safety net covers it. */
    private static boolean sameDirectory(Object before, Object now) {
        return now != null && (before == NO_KEY || now == NO_KEY || before.equals(now));
    }

    private static Object directoryKey(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            if (!a.isDirectory()) {
                return null;
            }
            return a.fileKey() != null ? a.fileKey() : NO_KEY;
        } catch (IOException e) {
            return null;
        }
    }

    private Found watch(Path dir, Object fileKey) {
        String type = fileSystemType.apply(dir);
        String why = noEvents;
        if (why == null && !deliversEvents(type)) {
            why = "its file system (" + type + ") is not known to deliver watch events for changes made elsewhere";
        }
        WatchKey key = null;
        if (service != null) {
            try {
                key = dir.register(
                        service,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException e) {
                why = why != null ? why : "it cannot be registered with the WatchService: " + e;
            }
        }
        boolean events = why == null;
        if (told.add(dir)) {
            LOG.log(
                    System.Logger.Level.INFO,
                    events
                            ? name + ": " + dir + " is on " + type
                                    + ", which delivers watch events: changes are reported as they"
                                    + " come, "
                                    + (safetyNetNanos == NEVER
                                            ? "with no full pass of its own (its reader" + " relists)"
                                            : "with a full pass every " + safetyNetNanos / 1_000_000
                                                    + " ms as a safety net")
                            : name + ": " + dir + " is rescanned in full every " + rescanNanos / 1_000_000
                                    + " ms because " + why
                                    + (key != null ? " (events that do arrive are reported at once)" : ""));
        }
        return new Found(fileKey, key, events);
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

package org.labwatch.internal.ship;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ships monitoring directories to one labwatch server by ingest protocol v1 (docs/remote.md), on
 * one daemon thread for all of them. It polls the files every {@link Settings#interval} (stats
 * only), sends what the server lacks, and while the server cannot be used reports it once on
 * stderr and retries with capped backoff, forever, until {@link #close}.
 *
 * <p>Nothing here throws into a caller or makes one wait, except the {@code await} methods, which
 * exist to be waited on.
 */
public final class Shipper implements AutoCloseable {

    /**
     * @param interval between polls of the files while nothing is left to send
     * @param maxChunkBytes the largest log chunk sent, also when the server allows more (memory per request)
     */
    public record Settings(
            Duration interval, Duration minBackoff, Duration maxBackoff, Duration requestTimeout, long maxChunkBytes) {

        /** 200 ms polls (a line is on the server well within a second), backoff 0.5 s to 30 s. */
        public static Settings defaults() {
            return new Settings(
                    Duration.ofMillis(200),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    1 << 20);
        }

        public Settings withInterval(Duration value) {
            return new Settings(value, minBackoff, maxBackoff, requestTimeout, maxChunkBytes);
        }

        public Settings withBackoff(Duration min, Duration max) {
            return new Settings(interval, min, max, requestTimeout, maxChunkBytes);
        }

        public Settings withRequestTimeout(Duration value) {
            return new Settings(interval, minBackoff, maxBackoff, value, maxChunkBytes);
        }

        public Settings withMaxChunkBytes(long value) {
            return new Settings(interval, minBackoff, maxBackoff, requestTimeout, value);
        }
    }

    /** What a shipper tells besides its stderr lines; called on the shipper's thread. */
    public interface Listener {

        /** The server answered for the first time: the source the token writes. */
        default void connected(String source) {}

        /**
         * After an outage the server holds everything again.
         *
         * @param note the line already printed on stderr, for a run's own log
         * @param monitoringDirs the directories being shipped
         */
        default void caughtUp(String note, Set<Path> monitoringDirs) {}
    }

    private final IngestApi api;
    private final Settings settings;
    private final Listener listener;
    private final Reports reports;
    private final ShipOutage outage;
    private final Backoff backoff;
    private final Map<Path, RootMirror> roots = new ConcurrentHashMap<>();
    private final Thread thread;

    private volatile boolean closing;
    private volatile boolean woken;
    private Hello hello;
    private boolean announced;

    /** Round numbers: guarded by {@code progress}. */
    private final Object progress = new Object();

    private long roundsStarted;
    private long lastFinishedRound;
    private long lastCaughtUpRound;

    private Shipper(ShipServer server, Settings settings, PrintStream console, Listener listener) {
        this.api = new IngestApi(server, settings.requestTimeout());
        this.settings = settings;
        this.listener = listener == null ? new Listener() {} : listener;
        this.reports = new Reports(console);
        this.outage = new ShipOutage(console, settings.maxBackoff());
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        this.thread = new Thread(this::run, "labwatch-ship");
        thread.setDaemon(true);
    }

    /** Starts the shipper's thread; add directories with {@link #follow} or {@link #followRun}. */
    public static Shipper start(ShipServer server, Settings settings, PrintStream console, Listener listener) {
        Shipper s = new Shipper(server, settings, console, listener);
        if (server.tokenInClear()) {
            console.println("labwatch: WARNING: the token is sent over plain http to " + server.url()
                    + ": anyone on the way can read it and write as this source. Use https:// (with"
                    + " --trust-store for a lab CA) for a server on another machine.");
        }
        s.thread.start();
        return s;
    }

    /**
     * Why {@code name} cannot be a root on the server, or null. The server refuses names that could
     * leave their directory.
     */
    public static String rootProblem(String name) {
        String problem = PathSegments.problem(name);
        return problem == null && (name.equals("..") || name.equals(".")) ? "not a name" : problem;
    }

    /**
     * Ships every file of {@code monitoringDir} (logs, metrics, status, plots) as root {@code root}.
     *
     * @throws IllegalArgumentException for a root name the server would refuse
     */
    public void follow(Path monitoringDir, String root) {
        checkRoot(root);
        Path dir = monitoringDir.toAbsolutePath().normalize();
        roots.computeIfAbsent(dir, d -> new RootMirror(d, root, new DirectorySelection(d), reports));
        wake();
    }

    /**
     * Ships one run's files of {@code monitoringDir} as root {@code root}: its log, its metrics file, its status file,
     * and the plots the returned handle is told of. Runs of one directory share its root.
     *
     * @throws IllegalArgumentException for a root name the server would refuse
     */
    public ShippedRun followRun(
            Path monitoringDir, String root, String logFile, String metricsFile, String statusFile) {
        checkRoot(root);
        Path dir = monitoringDir.toAbsolutePath().normalize();
        ShippedRun run = new ShippedRun(logFile, metricsFile, statusFile, this::wake);
        roots.compute(dir, (d, mirror) -> {
            RootMirror m = mirror != null && mirror.selection instanceof RunSelection
                    ? mirror
                    : new RootMirror(d, root, new RunSelection(d), reports);
            ((RunSelection) m.selection).add(run);
            return m;
        });
        wake();
        return run;
    }

    private static void checkRoot(String root) {
        String problem = rootProblem(root);
        if (problem != null) {
            throw new IllegalArgumentException("root '" + root + "' cannot be shipped: " + problem);
        }
    }

    /** Polls now instead of at the end of the interval; a volatile write and an unpark. */
    public void wake() {
        woken = true;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until a round that began after this call found the server holding everything.
     *
     * @return false when {@code timeout} passed first, or the shipper was closed
     */
    public boolean awaitCaughtUp(Duration timeout) {
        return await(timeout, true);
    }

    /** Waits until a round that began after this call has ended, however it ended. */
    public boolean awaitRound(Duration timeout) {
        return await(timeout, false);
    }

    private boolean await(Duration timeout, boolean caughtUp) {
        // Saturated: "a year" or "forever" must not overflow into the past.
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : timeout.toNanos();
        long start = System.nanoTime();
        synchronized (progress) {
            long target = roundsStarted + 1;
            wake();
            while (!closing && (caughtUp ? lastCaughtUpRound : lastFinishedRound) < target) {
                long left = nanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return (caughtUp ? lastCaughtUpRound : lastFinishedRound) >= target;
        }
    }

    /**
     * What the server does not hold yet, one line per file, from the last round's view (empty when it
     * holds everything). Best called after {@link #close}, which makes it answer at once.
     */
    public List<String> missing() {
        List<String> lines = new ArrayList<>();
        String failing = outage.describe();
        if (failing != null) {
            lines.add("the server: " + failing);
        }
        for (RootMirror m : roots.values()) {
            lines.addAll(m.missing());
        }
        return lines;
    }

    /** Stops the thread, interrupting a request under way; the files stay and a next shipper resumes. */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        synchronized (progress) {
            progress.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closing) {
            long round;
            synchronized (progress) {
                round = ++roundsStarted;
            }
            woken = false;
            IngestFailure failure = null;
            RootMirror failed = null;
            boolean caughtUp = true;
            try {
                for (RootMirror m : roots.values()) {
                    failed = m;
                    if (hello == null) {
                        hello = api.hello();
                        if (!announced) {
                            announced = true;
                            listener.connected(hello.source());
                        }
                    }
                    if (m.round(api, hello, settings.maxChunkBytes())) {
                        // Atomic with followRun's compute: a run added meanwhile keeps its root.
                        roots.computeIfPresent(
                                m.monitoringDir,
                                (dir, current) -> current == m && m.selection.settled() ? null : current);
                    } else {
                        caughtUp = false;
                    }
                }
            } catch (IngestFailure f) {
                failure = f;
            } catch (RuntimeException e) {
                // A bug must not end shipping for good: reported as an outage, retried like one.
                failure = new IngestFailure(
                        IngestFailure.Kind.UNAVAILABLE, 0, "unexpected " + IngestApi.describe(e), null, e);
            }
            if (closing) {
                finished(round, false);
                return;
            }
            if (failure != null) {
                hello = null;
                if (failed != null) {
                    failed.forgetServer();
                }
                if (failure.kind() == IngestFailure.Kind.REFUSED) {
                    api.server().token().reload();
                }
                outage.failed(who(failed), failure);
                finished(round, false);
                pause(TimeUnit.MILLISECONDS.toNanos(backoff.nextDelayMs(failure)), false);
                continue;
            }
            backoff.reset();
            if (caughtUp) {
                String note = outage.caughtUp(who(null));
                if (note != null) {
                    notifyCaughtUp(note);
                }
            }
            finished(round, caughtUp);
            if (caughtUp) {
                pause(settings.interval().toNanos(), true);
            }
        }
    }

    private void finished(long round, boolean caughtUp) {
        synchronized (progress) {
            lastFinishedRound = round;
            if (caughtUp) {
                lastCaughtUpRound = round;
            }
            progress.notifyAll();
        }
    }

    private void notifyCaughtUp(String note) {
        Set<Path> dirs = new LinkedHashSet<>(roots.keySet());
        try {
            listener.caughtUp(note, dirs);
        } catch (RuntimeException e) {
            reports.say("labwatch: shipping: telling of the recovery failed: " + IngestApi.describe(e));
        }
    }

    private String who(RootMirror failed) {
        String what;
        if (failed != null) {
            what = failed.toString();
        } else {
            List<String> names = new ArrayList<>();
            for (RootMirror m : roots.values()) {
                names.add("'" + m.root + "'");
            }
            what = names.isEmpty() ? "" : (names.size() == 1 ? "root " : "roots ") + String.join(", ", names) + " ";
            what = what.trim();
        }
        return "labwatch: shipping " + (what.isEmpty() ? "" : what + " ") + "to "
                + api.server().url() + (hello == null ? "" : " as source '" + hello.source() + "'");
    }

    /** Sleeps; a wake (when {@code wakeable}) or close cuts it short. */
    private void pause(long nanos, boolean wakeable) {
        long deadline = System.nanoTime() + nanos;
        while (!closing && !(wakeable && woken)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }
}

package org.labwatch.core;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's one daemon thread that moves recorded metric values to the sinks: every
 * {@link #PERIOD_MS} for each run that records metrics, and at once when a run's buffer is half
 * full. Its own thread rather than the engine's timer: the timer writes status files and retries
 * log sinks, and one slow status write (fsync, a network file system) would hold metrics back past
 * their 200 ms; and a full buffer must be able to wake it at any moment.
 */
final class MetricFlusher {

    /** Half the 200 ms promised (docs/metrics.md): a round that has to write a lot still ends in time. */
    static final long PERIOD_MS = 100;

    /** A run the flusher follows. */
    interface Target {
        /** Called on the flusher's thread; must not throw. */
        void flushMetrics(long nowMs);
    }

    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final PrintStream console;
    private final Object startLock = new Object();
    private volatile Thread thread;
    private volatile boolean stopped;

    MetricFlusher(PrintStream console) {
        this.console = console;
    }

    /** Starts following a run (and the thread, at the first run). */
    void follow(Target target) {
        targets.add(target);
        start();
    }

    void unfollow(Target target) {
        targets.remove(target);
    }

    /** A buffer is half full: flush now. Cheap when the thread is running anyway. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Ends the thread after its current round; the runs' last values are the closer's to flush. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start() {
        if (thread != null || stopped) {
            return;
        }
        synchronized (startLock) {
            if (thread == null && !stopped) {
                Thread t = new Thread(this::run, "labwatch-metrics");
                t.setDaemon(true);
                thread = t;
                t.start();
            }
        }
    }

    private void run() {
        long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        long next = System.nanoTime() + period;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                // Returns early when a buffer is half full (wake) or the engine stops.
                LockSupport.parkNanos(this, wait);
            }
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            if (now - next >= 0) {
                next = now + period;
            }
            long nowMs = System.currentTimeMillis();
            for (Target t : targets) {
                try {
                    t.flushMetrics(nowMs);
                } catch (RuntimeException e) {
                    // The thread must survive whatever a sink throws, or every run's metrics stop.
                    console.println("labwatch: metrics flusher: " + Outage.describe(e));
                }
            }
        }
    }
}

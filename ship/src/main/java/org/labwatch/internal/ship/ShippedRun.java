package org.labwatch.internal.ship;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's files in a root that ships only what its runs name (the Java client's runs): its log,
 * its metrics file, its status file and the plots it saved. The run calls this from its own threads; each call is a
 * set insertion or a volatile write, nothing waits.
 */
public final class ShippedRun {

    final String logFile;
    final String metricsFile;
    final String statusFile;
    final Set<String> plots = ConcurrentHashMap.newKeySet();
    private final Runnable wake;
    private volatile boolean ended;

    ShippedRun(String logFile, String metricsFile, String statusFile, Runnable wake) {
        this.logFile = logFile;
        this.metricsFile = metricsFile;
        this.statusFile = statusFile;
        this.wake = wake;
    }

    /** A plot the run saved in its plots directory (the file name only). */
    public void plotSaved(String fileName) {
        plots.add(fileName);
        wake.run();
    }

    /**
     * The run has ended and written its last status: its files are shipped until the server holds
     * all of them, then no longer followed.
     */
    public void ended() {
        ended = true;
        wake.run();
    }

    boolean isEnded() {
        return ended;
    }
}

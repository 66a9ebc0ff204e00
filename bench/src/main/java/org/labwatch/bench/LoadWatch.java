package org.labwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The machine's load while a benchmark phase runs, for reading its numbers: the load averages at
 * the phase's start and end, and how many of the samples taken every 2 s saw a foreign Maven,
 * surefire or Karaf JVM (one this benchmark did not start: another engineer's build or tests).
 */
final class LoadWatch implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-load-watch");
        t.setDaemon(true);
        return t;
    });
    private String phase;
    private String loadAtStart;
    private int samples;
    private int disturbed;

    LoadWatch() {
        timer.scheduleWithFixedDelay(this::sample, 0, 2, TimeUnit.SECONDS);
    }

    /** Ends the current phase (printing its load) and starts the next. */
    synchronized void phase(String name) {
        end();
        phase = name;
        loadAtStart = loadAverages();
        samples = 0;
        disturbed = 0;
    }

    private void end() {
        if (phase != null) {
            System.out.printf(
                    Locale.ROOT,
                    "  [load during '%s': %s before, %s after; a foreign Maven/surefire/Karaf JVM in %d of %d samples]%n",
                    phase,
                    loadAtStart,
                    loadAverages(),
                    disturbed,
                    samples);
        }
    }

    private void sample() {
        Set<Long> ours =
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        boolean foreign = ProcessHandle.allProcesses()
                .filter(p -> !ours.contains(p.pid())
                        && p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().commandLine().orElse(""))
                .anyMatch(c -> c.contains("plexus-classworlds")
                        || c.contains("surefire")
                        || c.contains("org.apache.karaf.main.Main"));
        synchronized (this) {
            samples++;
            if (foreign) {
                disturbed++;
            }
        }
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public synchronized void close() {
        end();
        phase = null;
        timer.shutdownNow();
    }
}

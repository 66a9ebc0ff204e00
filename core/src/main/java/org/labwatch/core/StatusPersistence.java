package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusStore;

/**
 * Writes a run's status through whichever StatusStore is bound. A failed or impossible write
 * (disk full, no store bound during a swap) leaves the status in memory to be written on the
 * next attempt; it never reaches the experiment as an exception.
 *
 * <p>The snapshot is taken under the monitor's lock, the write (about half a millisecond of JSON
 * and a rename, measured) happens outside it, so threads that only log never wait for a status
 * file. Writes are serialized here, and one older than what the file holds is skipped.
 */
final class StatusPersistence {

    /** A version of the status, taken under the monitor's lock, to be written by any thread. */
    record Pending(long version, ExperimentStatus status) {}

    private final RunInfo run;
    private final Supplier<StatusStore> store;
    private final Consumer<String> notes;
    private final Outage outage;
    private final Object writeLock = new Object();
    private boolean earlierRunKept;
    private volatile long writtenVersion = -1;
    private volatile boolean failing;

    /** @param notes receives, under the monitor's lock, what the run's log should say (an earlier run kept, an outage over) */
    StatusPersistence(RunInfo run, Supplier<StatusStore> store, Consumer<String> notes, PrintStream console) {
        this.run = run;
        this.store = store;
        this.notes = notes;
        this.outage =
                new Outage("writing the status of '" + run.experimentName() + "' to " + run.statusFile(), console);
    }

    /** True during an outage: writes are then left to the retry timer instead of every call. */
    boolean failing() {
        return failing;
    }

    boolean isCurrent(RunStatus status) {
        return status.version() == writtenVersion;
    }

    /** Under the monitor's lock: what to write, or null when the file already holds this version. */
    Pending pending(RunStatus status) {
        long version = status.version();
        return version == writtenVersion ? null : new Pending(version, status.snapshot());
    }

    /** Under the monitor's lock: writes now. @return true when the file now holds this version of the status */
    boolean persist(RunStatus status) {
        Pending p = pending(status);
        if (p == null) {
            return true;
        }
        write(p).forEach(notes);
        return isCurrent(status);
    }

    /**
     * Writes {@code p} unless a newer version is already on disk. The monitor's lock may be held
     * (close, abandon) or not; this never takes it, so the two locks cannot deadlock.
     *
     * @return notes for the run's log, to be recorded under the monitor's lock
     */
    List<String> write(Pending p) {
        List<String> out = new ArrayList<>(0);
        synchronized (writeLock) {
            if (p.version() <= writtenVersion) {
                return out;
            }
            StatusStore s = store.get();
            if (s == null) {
                failing = true;
                outage.failed(
                        new IllegalStateException("no StatusStore service is bound"),
                        "keeping the status in memory until one binds");
                return out;
            }
            try {
                if (!earlierRunKept) {
                    // Never lose a run: the file of an earlier run under the same name is renamed first.
                    Optional<Path> kept = s.keepEarlierRun(run.statusFile());
                    earlierRunKept = true;
                    kept.ifPresent(k -> out.add("Kept the status of an earlier run of '" + run.experimentName()
                            + "' as " + k.getFileName()));
                }
                s.write(run.statusFile(), p.status());
                writtenVersion = p.version();
            } catch (IOException | RuntimeException e) {
                failing = true;
                outage.failed(e, "keeping the status in memory and retrying");
                return out;
            }
            failing = false;
            String note = outage.recovered();
            if (note != null) {
                out.add(note);
            }
        }
        return out;
    }
}

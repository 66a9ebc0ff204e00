package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusStore;

/**
 * Writes a run's status through whichever StatusStore is bound. A failed or impossible write
 * (disk full, no store bound during a swap) leaves the status in memory to be written on the
 * next attempt; it never reaches the experiment as an exception. Guarded by the monitor's lock.
 */
final class StatusPersistence {

    private final RunInfo run;
    private final Supplier<StatusStore> store;
    private final Consumer<String> notes;
    private final Outage outage;
    private boolean earlierRunKept;
    private long writtenVersion = -1;

    /** @param notes receives what the run's log should say (an earlier run kept, an outage over) */
    StatusPersistence(RunInfo run, Supplier<StatusStore> store, Consumer<String> notes, PrintStream console) {
        this.run = run;
        this.store = store;
        this.notes = notes;
        this.outage = new Outage("writing the status of '" + run.experimentName() + "' to " + run.statusFile(),
                console);
    }

    /** True during an outage: writes are then left to the retry timer instead of every call. */
    boolean failing() {
        return outage.active();
    }

    boolean isCurrent(RunStatus status) {
        return status.version() == writtenVersion;
    }

    /** @return true when the file now holds this version of the status */
    boolean persist(RunStatus status) {
        if (isCurrent(status)) {
            return true;
        }
        StatusStore s = store.get();
        if (s == null) {
            outage.failed(new IllegalStateException("no StatusStore service is bound"),
                    "keeping the status in memory until one binds");
            return false;
        }
        try {
            if (!earlierRunKept) {
                // Never lose a run: the file of an earlier run under the same name is renamed first.
                Optional<Path> kept = s.keepEarlierRun(run.statusFile());
                earlierRunKept = true;
                kept.ifPresent(p -> notes.accept("Kept the status of an earlier run of '" + run.experimentName()
                        + "' as " + p.getFileName()));
            }
            long version = status.version();
            s.write(run.statusFile(), status.snapshot());
            writtenVersion = version;
        } catch (IOException | RuntimeException e) {
            outage.failed(e, "keeping the status in memory and retrying");
            return false;
        }
        String note = outage.recovered();
        if (note != null) {
            notes.accept(note);
        }
        return true;
    }
}

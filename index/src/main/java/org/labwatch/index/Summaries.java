package org.labwatch.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.labwatch.api.RunState;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

/**
 * Summaries of readings, kept for readings that are not running: only a running experiment's
 * summary depends on the clock (stale, ETA), and a reading is immutable, so the summary of the
 * same reading object is the same until its file changes. Lists build summaries only for the rows
 * of a page ({@link ExperimentList}), so the runs pages show most are kept, not every run: a summary
 * with its formatted times is about 0.8 KiB, 80 MiB for 100,000 runs.
 */
final class Summaries {

    private record Kept(StatusReading reading, ExperimentSummary summary) {}

    private final Staleness staleness;
    /** Enough for the first pages of every sort order and the runs events are about. */
    static final int KEPT = 4096;

    private final Map<Path, Kept> kept =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Kept> eldest) {
                    return size() > KEPT;
                }
            });

    /** Where a shipped run came from and how far its source is behind; null for the server's own runs. */
    private final Function<StatusReading, SummaryOf.Shipped> shippedOf;

    Summaries(Staleness staleness) {
        this(staleness, r -> null);
    }

    Summaries(Staleness staleness, Function<StatusReading, SummaryOf.Shipped> shippedOf) {
        this.staleness = staleness;
        this.shippedOf = shippedOf;
    }

    /** The staleness rule, except that a run whose source is catching up is not stale. */
    boolean isStale(StatusReading r, Instant now) {
        if (!staleness.isStale(r.status(), now)) {
            return false;
        }
        SummaryOf.Shipped shipped = shippedOf.apply(r);
        return shipped == null || !shipped.catchingUp();
    }

    Staleness staleness() {
        return staleness;
    }

    ExperimentSummary of(StatusReading r, Instant now) {
        SummaryOf.Shipped shipped = shippedOf.apply(r);
        if (r.readable() && r.status().status() == RunState.RUNNING) {
            return SummaryOf.of(r, staleness, now, shipped);
        }
        Kept k = kept.get(r.file());
        if (k != null && k.reading() == r) {
            return k.summary();
        }
        ExperimentSummary s = SummaryOf.of(r, staleness, now, shipped);
        kept.put(r.file(), new Kept(r, s));
        return s;
    }

    /** Drops what files no longer listed left behind, once they outnumber the listed ones. */
    void forgetOthers(List<StatusReading> listed) {
        if (kept.size() > 2 * listed.size() + 100) {
            Set<Path> files = listed.stream().map(StatusReading::file).collect(Collectors.toSet());
            synchronized (kept) {
                kept.keySet().retainAll(files);
            }
        }
    }
}

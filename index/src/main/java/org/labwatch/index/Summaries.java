package org.labwatch.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.labwatch.api.RunState;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

/**
 * Summaries of readings, kept for readings that are not running: only a running experiment's
 * summary depends on the clock (stale, ETA), and a reading is immutable, so the summary of the
 * same reading object is the same until its file changes. With 10,000 finished runs this saves
 * building (and formatting six timestamps of) 10,000 summaries per {@code GET /api/experiments}.
 */
final class Summaries {

    private record Kept(StatusReading reading, ExperimentSummary summary) {
    }

    private final Staleness staleness;
    private final Map<Path, Kept> kept = new ConcurrentHashMap<>();

    Summaries(Staleness staleness) {
        this.staleness = staleness;
    }

    Staleness staleness() {
        return staleness;
    }

    ExperimentSummary of(StatusReading r, Instant now) {
        if (r.readable() && r.status().status() == RunState.RUNNING) {
            return SummaryOf.of(r, staleness, now);
        }
        Kept k = kept.get(r.file());
        if (k != null && k.reading() == r) {
            return k.summary();
        }
        ExperimentSummary s = SummaryOf.of(r, staleness, now);
        kept.put(r.file(), new Kept(r, s));
        return s;
    }

    /** Drops what files no longer listed left behind, once they outnumber the listed ones. */
    void forgetOthers(List<StatusReading> listed) {
        if (kept.size() > 2 * listed.size() + 100) {
            Set<Path> files = listed.stream().map(StatusReading::file).collect(Collectors.toSet());
            kept.keySet().retainAll(files);
        }
    }
}

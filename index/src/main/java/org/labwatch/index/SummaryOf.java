package org.labwatch.index;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.internal.time.IsoTimes;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

/** Builds the list line of a reading: state (stale by the index's rule), step, percent, ETA, newest plot, outermost bar. */
final class SummaryOf {

    private SummaryOf() {}

    /** Where a shipped run came from, and how much its source still had to send; null for the server's own runs. */
    record Shipped(String source, Long behindBytes) {

        boolean catchingUp() {
            return behindBytes != null && behindBytes > 0;
        }
    }

    static ExperimentSummary of(StatusReading r, Staleness staleness, Instant now) {
        return of(r, staleness, now, null);
    }

    static ExperimentSummary of(StatusReading r, Staleness staleness, Instant now, Shipped shipped) {
        String source = shipped == null ? null : shipped.source();
        Long behind = shipped == null ? null : shipped.behindBytes();
        String file = r.file().toString();
        String modified = IsoTimes.iso(r.modified());
        if (!r.readable()) {
            return new ExperimentSummary(
                    r.id(),
                    r.id(),
                    "unreadable",
                    null,
                    false,
                    null,
                    modified,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    file,
                    modified,
                    r.problem(),
                    source,
                    behind);
        }
        ExperimentStatus s = r.status();
        // A source still sending what it wrote during an outage is alive: its latest status is on its way.
        boolean stale = staleness.isStale(s, now) && (shipped == null || !shipped.catchingUp());
        String staleReason = stale ? "no sign of life for " + Liveness.describe(Liveness.silence(s, now)) : null;
        ProgressBarRecord bar = outermostRunningBar(s);
        Double percent = percent(s, bar);
        OffsetDateTime etaAt = null;
        String etaSource = null;
        if (s.status() == RunState.RUNNING && !stale) {
            if (bar != null && bar.etaSeconds() != null && bar.updated() != null) {
                etaAt = bar.updated().plusNanos((long) (bar.etaSeconds() * 1e9));
                etaSource = "progress_bar";
            } else if (s.startTime() != null
                    && s.lastUpdate() != null
                    && s.progressPercent() > 0
                    && s.progressPercent() < 100) {
                // The rate as of the last update, when the percent was measured: a rate up to "now"
                // would make the estimate grow between updates and jump back at each one.
                Duration elapsed = Duration.between(s.startTime(), s.lastUpdate());
                if (!elapsed.isNegative() && !elapsed.isZero()) {
                    double remaining = elapsed.toNanos() * (100 - s.progressPercent()) / s.progressPercent();
                    etaAt = s.lastUpdate().plusNanos((long) remaining);
                    etaSource = "percent";
                }
            }
        }
        return new ExperimentSummary(
                r.id(),
                s.experimentName(),
                stale ? "stale" : s.status().jsonName(),
                s.status().jsonName(),
                stale,
                staleReason,
                IsoTimes.iso(Liveness.lastSignOfLife(s)),
                s.currentStep(),
                s.totalSteps(),
                stepName(s),
                percent,
                IsoTimes.iso(etaAt),
                etaSource,
                IsoTimes.iso(s.startTime()),
                IsoTimes.iso(s.lastUpdate()),
                IsoTimes.iso(s.heartbeat()),
                IsoTimes.iso(s.completedTime()),
                s.message(),
                s.errorCount(),
                s.messageCount(),
                latestPlot(s),
                bar == null
                        ? null
                        : new ExperimentSummary.Bar(
                                bar.description(),
                                bar.n(),
                                bar.total(),
                                bar.percent(),
                                bar.rate(),
                                bar.etaSeconds(),
                                IsoTimes.iso(bar.updated()),
                                bar.message()),
                s.host(),
                s.pid(),
                file,
                modified,
                null,
                source,
                behind);
    }

    private static ProgressBarRecord outermostRunningBar(ExperimentStatus s) {
        for (ProgressBarRecord b : s.progressBars()) {
            if (b.state() == ProgressBarRecord.State.RUNNING) {
                return b;
            }
        }
        return null;
    }

    /** The percent a list shows and sorts by: null for an unreadable run, or one with neither steps nor a bar. */
    static Double percent(StatusReading r) {
        return r.readable() ? percent(r.status(), outermostRunningBar(r.status())) : null;
    }

    private static Double percent(ExperimentStatus s, ProgressBarRecord bar) {
        if (s.totalSteps() > 0 || s.progressPercent() > 0) {
            return s.progressPercent();
        }
        return bar != null ? bar.percent() : null;
    }

    /** The name of the current step: the latest step with the current number, else the latest step. */
    static String stepName(ExperimentStatus s) {
        List<StepRecord> steps = s.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).stepNumber() == s.currentStep()) {
                return steps.get(i).name();
            }
        }
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
    }

    private static ExperimentSummary.LatestPlot latestPlot(ExperimentStatus s) {
        PlotRecord latest = StatusReading.newestPlot(s.plots());
        return latest == null
                ? null
                : new ExperimentSummary.LatestPlot(
                        latest.file(), latest.name(), IsoTimes.iso(latest.timestamp()), latest.mediaType());
    }
}

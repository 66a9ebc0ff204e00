package org.labwatch.web;

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
import org.labwatch.spi.StatusReading;

/**
 * One line of the experiment list, as {@code /api/experiments} and {@code /api/events} send it
 * (snake_case JSON). Times are absolute (ISO-8601) so that an unchanged run gives an unchanged
 * answer (and ETag); the page turns them into "updated 12 s ago" and "ETA 5 min".
 *
 * <p>{@code state} is what the page colours: {@code running}, {@code stale}, {@code completed},
 * {@code failed}, {@code interrupted}, {@code unknown} (a status word labwatch does not know) or
 * {@code unreadable} (then {@code problem} says why).
 */
record Summary(String id, String name, String state, String status, boolean stale, String staleReason,
               String lastSignOfLife, int currentStep, int totalSteps, String stepName, Double percent,
               String etaAt, String etaSource, String startTime, String lastUpdate, String heartbeat,
               String completedTime, String message, long errorCount, long messageCount, LatestPlot latestPlot,
               Bar progressBar, String host, Long pid, String file, String modified, String problem) {

    static final List<String> STATES = List.of("running", "stale", "completed", "failed", "interrupted", "unknown",
            "unreadable");

    /** The newest plot the status names; the page shows it as a thumbnail. */
    record LatestPlot(String file, String name, String timestamp, String mediaType) {
    }

    /** The outermost running progress bar: the one that usually spans the whole run. */
    record Bar(String description, long n, long total, Double percent, double rate, Double etaS, String updated,
               String message) {
    }

    static Summary of(StatusReading r, Staleness staleness, Instant now) {
        String file = r.file().toString();
        String modified = Times.iso(r.modified());
        if (!r.readable()) {
            return new Summary(r.id(), r.id(), "unreadable", null, false, null, modified, 0, 0, null, null, null, null,
                    null, null, null, null, null, 0, 0, null, null, null, null, file, modified, r.problem());
        }
        ExperimentStatus s = r.status();
        boolean stale = staleness.isStale(s, now);
        String staleReason = stale ? "no sign of life for " + Liveness.describe(Liveness.silence(s, now)) : null;
        ProgressBarRecord bar = outermostRunningBar(s);
        Double percent = percent(s, bar);
        OffsetDateTime etaAt = null;
        String etaSource = null;
        if (s.status() == RunState.RUNNING && !stale) {
            if (bar != null && bar.etaSeconds() != null && bar.updated() != null) {
                etaAt = bar.updated().plusNanos((long) (bar.etaSeconds() * 1e9));
                etaSource = "progress_bar";
            } else if (s.startTime() != null && s.lastUpdate() != null && s.progressPercent() > 0
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
        return new Summary(r.id(), s.experimentName(), stale ? "stale" : s.status().jsonName(), s.status().jsonName(),
                stale, staleReason, Times.iso(Liveness.lastSignOfLife(s)), s.currentStep(), s.totalSteps(), stepName(s),
                percent, Times.iso(etaAt), etaSource, Times.iso(s.startTime()), Times.iso(s.lastUpdate()),
                Times.iso(s.heartbeat()), Times.iso(s.completedTime()), s.message(), s.errorCount(), s.messageCount(),
                latestPlot(s), bar == null ? null : new Bar(bar.description(), bar.n(), bar.total(), bar.percent(),
                        bar.rate(), bar.etaSeconds(), Times.iso(bar.updated()), bar.message()),
                s.host(), s.pid(), file, modified, null);
    }

    private static ProgressBarRecord outermostRunningBar(ExperimentStatus s) {
        for (ProgressBarRecord b : s.progressBars()) {
            if (b.state() == ProgressBarRecord.State.RUNNING) {
                return b;
            }
        }
        return null;
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

    private static LatestPlot latestPlot(ExperimentStatus s) {
        PlotRecord latest = StatusReading.newestPlot(s.plots());
        return latest == null ? null : new LatestPlot(latest.file(), latest.name(), Times.iso(latest.timestamp()),
                latest.mediaType());
    }
}

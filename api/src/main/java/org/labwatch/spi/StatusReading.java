package org.labwatch.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.StepRecord;

/**
 * The result of reading one status file: either a {@code status}, or the {@code problem} that
 * made it unreadable (truncated, not JSON, not UTF-8, too large...). {@code id} is the file
 * name without {@code _status.json}; it identifies the experiment in listings.
 */
public record StatusReading(
        Path file, String id, ExperimentStatus status, String problem, Instant modified, long size) {

    public boolean readable() {
        return status != null;
    }

    public static StatusReading unreadable(Path file, String id, String problem, Instant modified, long size) {
        return new StatusReading(file, id, null, problem, modified, size);
    }

    /**
     * This reading with what a row of an experiment list needs, as {@link StatusStore#list} and
     * {@link StatusStore#watch} give it: every scalar field (state, times, step numbers, percent,
     * counts, message, host, log file) and the progress bars; no messages or errors (their counts
     * stay); of the steps only the latest one with the current step number and the latest one; of
     * the plots only the newest. A run keeps its latest 200 messages, so a server indexing
     * thousands of runs would otherwise hold tens of KiB of heap per run that no list shows.
     * Unreadable readings are returned as they are.
     *
     * @since 1.3
     */
    public StatusReading listView() {
        if (status == null) {
            return this;
        }
        ExperimentStatus listed = status.toBuilder()
                .messages(List.of())
                .errors(List.of())
                .steps(listedSteps(status))
                .plots(listedPlots(status))
                .build();
        return new StatusReading(file, id, listed, problem, modified, size);
    }

    /**
     * The newest plot that names a file, by timestamp (one without a timestamp counts as newer):
     * the one a list shows.
     *
     * @since 1.3
     */
    public static PlotRecord newestPlot(List<PlotRecord> plots) {
        PlotRecord latest = null;
        for (PlotRecord p : plots) {
            if (p.file() == null) {
                continue;
            }
            if (latest == null
                    || p.timestamp() == null
                    || latest.timestamp() == null
                    || !p.timestamp().isBefore(latest.timestamp())) {
                latest = p;
            }
        }
        return latest;
    }

    private static List<PlotRecord> listedPlots(ExperimentStatus s) {
        PlotRecord latest = newestPlot(s.plots());
        return latest == null ? List.of() : List.of(latest);
    }

    /** Lists name the current step (the latest with the current number) or, failing that, the latest. */
    private static List<StepRecord> listedSteps(ExperimentStatus s) {
        List<StepRecord> steps = s.steps();
        if (steps.size() <= 2) {
            return steps;
        }
        StepRecord last = steps.get(steps.size() - 1);
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepRecord step = steps.get(i);
            if (step.stepNumber() == s.currentStep()) {
                List<StepRecord> kept = new ArrayList<>(2);
                kept.add(step);
                if (step != last) {
                    kept.add(last);
                }
                return kept;
            }
        }
        return List.of(last);
    }
}

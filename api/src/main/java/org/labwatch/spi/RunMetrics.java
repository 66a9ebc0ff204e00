package org.labwatch.spi;

import java.util.List;

/**
 * Every metric of a run, as {@code GET /api/experiments/{id}/metrics} lists them: {@code file} is
 * the name of the file they were read from (null when the run has none), {@code skippedLines} how
 * many malformed lines were skipped, {@code metrics} sorted by name.
 *
 * @since 3.1
 */
public record RunMetrics(String file, long skippedLines, List<Metric> metrics) {

    /** A run without metrics. */
    public static final RunMetrics NONE = new RunMetrics(null, 0, List.of());

    public RunMetrics {
        metrics = List.copyOf(metrics);
    }

    /**
     * One metric: {@code count} values, the first and last recorded ({@code firstStep},
     * {@code firstTimeMillis}, {@code lastStep}, {@code lastTimeMillis}, {@code last}, which may be
     * NaN or infinite), and {@code min} / {@code max} over the finite values (null while there is none).
     */
    public record Metric(
            String name,
            long count,
            long firstStep,
            long lastStep,
            long firstTimeMillis,
            long lastTimeMillis,
            double last,
            Double min,
            Double max) {}
}

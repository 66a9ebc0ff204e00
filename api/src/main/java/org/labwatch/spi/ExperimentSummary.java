package org.labwatch.spi;

import java.util.List;

/**
 * One line of the experiment list, as {@code /api/experiments}, {@code /api/events}, the shell and
 * the web-console page show it. Times are ISO-8601 text with offset, so that an unchanged run gives
 * an unchanged answer (and HTTP ETag); readers turn them into "updated 12 s ago" and "ETA 5 min".
 *
 * <p>{@code state} is what a reader colours: one of {@link #STATES}: {@code running}, {@code stale},
 * {@code completed}, {@code failed}, {@code interrupted}, {@code unknown} (a status word labwatch
 * does not know) or {@code unreadable} (then {@code problem} says why).
 *
 * <p>A run shipped from another machine names its {@code source} (null for the server's own runs);
 * {@code behindBytes} is what that source still had to send at its latest request (null when not
 * known): a running run whose source is catching up is {@code running}, not {@code stale} (since 3.0).
 *
 * @since 2.0
 */
public record ExperimentSummary(
        String id,
        String name,
        String state,
        String status,
        boolean stale,
        String staleReason,
        String lastSignOfLife,
        int currentStep,
        int totalSteps,
        String stepName,
        Double percent,
        String etaAt,
        String etaSource,
        String startTime,
        String lastUpdate,
        String heartbeat,
        String completedTime,
        String message,
        long errorCount,
        long messageCount,
        LatestPlot latestPlot,
        Bar progressBar,
        String host,
        Long pid,
        String file,
        String modified,
        String problem,
        String source,
        Long behindBytes) {

    /** Every state, in the order lists count and sort them. */
    public static final List<String> STATES =
            List.of("running", "stale", "completed", "failed", "interrupted", "unknown", "unreadable");

    /** The newest plot the status names; lists show it as a thumbnail. */
    public record LatestPlot(String file, String name, String timestamp, String mediaType) {}

    /** The outermost running progress bar: the one that usually spans the whole run. */
    public record Bar(
            String description,
            long n,
            long total,
            Double percent,
            double rate,
            Double etaS,
            String updated,
            String message) {}
}

package org.labwatch.api;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One entry of the status {@code metrics[]}: what a run recorded for one metric so far. The
 * metrics file holds every value; this is the bounded summary the status carries.
 *
 * @param count    every value recorded for the metric in this run
 * @param last     the last recorded value, possibly {@code NaN} or infinite
 * @param lastStep the step of the last value
 * @param min      the smallest finite value, null while there is none
 * @param max      the largest finite value, null while there is none
 * @param updated  when the last value was recorded; null when a file does not say
 * @since 1.2
 */
public record MetricSummary(
        String name, long count, double last, long lastStep, Double min, Double max, OffsetDateTime updated) {

    public MetricSummary {
        Objects.requireNonNull(name, "name");
    }
}

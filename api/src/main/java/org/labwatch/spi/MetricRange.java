package org.labwatch.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * Which values of metric {@code name} a {@link MetricSource} query is about: those whose {@code x}
 * (step, or time in Unix milliseconds) lies between {@code from} and {@code to}, both included.
 *
 * @since 3.1
 */
public record MetricRange(String name, Axis x, long from, long to) {

    public MetricRange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
    }

    /** Every value of the metric, ordered along {@code x}. */
    public static MetricRange all(String name, Axis x) {
        return new MetricRange(name, x, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** What values are ordered and bucketed along. */
    public enum Axis {
        STEP,
        /** Unix time in milliseconds. */
        TIME;

        /** {@code step} or {@code time}, as the HTTP API names it. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

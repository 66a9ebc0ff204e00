package org.labwatch.core;

/**
 * One metric of a run: its next step and the summary the status carries, updated with each value,
 * and its place in the run's order of most recent updates. Created once per name; afterwards a
 * value costs a few field writes. Not thread-safe: the run's {@link MetricRecorder} guards it.
 */
final class Metric {

    final String name;

    long nextStep;
    long count;
    double last;
    long lastStep;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long updatedMillis;

    /** Neighbours in the recorder's list, least recently updated first. */
    Metric older;

    Metric newer;

    Metric(String name) {
        this.name = name;
    }

    void recorded(long step, double value, long timeMillis) {
        nextStep = step + 1;
        count++;
        last = value;
        lastStep = step;
        updatedMillis = timeMillis;
        // Comparisons are false for NaN, and the infinities are kept out: min and max are over finite values.
        if (value < min && value != Double.NEGATIVE_INFINITY) {
            min = value;
        }
        if (value > max && value != Double.POSITIVE_INFINITY) {
            max = value;
        }
    }

    boolean hasFinite() {
        return min <= max;
    }
}

package org.labwatch.core;

/**
 * One metric of a run: its next step and the summary the status carries, updated with each value,
 * and its place in the run's order of most recent updates (as numbers in the run's
 * {@link MetricTable}). Created once per name; afterwards a value costs a few primitive field
 * writes. Not thread-safe: the run's {@link MetricRecorder} guards it.
 */
final class Metric {

    static final int NONE = -1;

    final String name;
    final int id;

    long nextStep;
    long count;
    double last;
    long lastStep;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long updatedMillis;

    /** Neighbours in the recorder's order, least recently updated first; {@link #NONE} at the ends. */
    int older = NONE;

    int newer = NONE;

    Metric(String name, int id) {
        this.name = name;
        this.id = id;
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

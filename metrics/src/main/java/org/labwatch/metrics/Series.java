package org.labwatch.metrics;

import java.util.Arrays;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.RunMetrics;

/**
 * One metric's values in recording order, in primitive arrays (24 bytes a value: a million-value
 * series costs 24 MB, not the ~100 MB of boxed points), with its summary kept as values arrive.
 * Guarded by the {@link RunData} that holds it; {@link #view} hands out arrays that readers may use
 * without that lock (see {@link SeriesView}).
 */
final class Series {

    private final String name;
    private long[] steps = new long[16];
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int size;

    private long firstStep;
    private long firstTime;
    private long lastStep;
    private long lastTime;
    private double last;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    private final AxisOrder byStep = new AxisOrder();
    private final AxisOrder byTime = new AxisOrder();

    Series(String name) {
        this.name = name;
    }

    void add(long step, long timeMillis, double value) {
        if (size == steps.length) {
            // A quarter more, not double: the budget counts values, and a doubled array would hold
            // up to twice what is counted.
            int capacity = size + Math.max(16, size / 4);
            steps = Arrays.copyOf(steps, capacity);
            times = Arrays.copyOf(times, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        steps[size] = step;
        times[size] = timeMillis;
        values[size] = value;
        if (size == 0) {
            firstStep = step;
            firstTime = timeMillis;
        }
        size++;
        lastStep = step;
        lastTime = timeMillis;
        last = value;
        if (Double.isFinite(value)) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }

    int size() {
        return size;
    }

    RunMetrics.Metric summary() {
        boolean finite = min <= max;
        return new RunMetrics.Metric(
                name, size, firstStep, lastStep, firstTime, lastTime, last, finite ? min : null, finite ? max : null);
    }

    /** The values so far, ordered along {@code x}. */
    SeriesView view(MetricRange.Axis x) {
        boolean byStepAxis = x == MetricRange.Axis.STEP;
        long[] keys = byStepAxis ? steps : times;
        int[] perm = (byStepAxis ? byStep : byTime).update(keys, size);
        return new SeriesView(steps, times, values, size, keys, perm);
    }
}

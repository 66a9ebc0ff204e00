package org.labwatch.metrics;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.MetricSeries;

/**
 * The downsampling rule of docs/metrics.md: at most N points of a range, chosen so that a chart
 * drawn from them shows every spike and every gap. The range's first and last values are kept
 * exactly; the values between them are cut into {@code N / 2 - 1} buckets of equal width along the
 * axis, and each bucket keeps its lowest and its highest value in axis order. A bucket holding a
 * non-finite value (drawn as a gap) keeps the first of those instead of one extreme: the one
 * nearer the bucket's mean, so that a spike beside a gap survives too. One pass over the range.
 */
final class Buckets {

    static final int MIN_POINTS = 4;
    static final int MAX_POINTS = 10_000;

    private final SeriesView view;
    private final List<MetricSeries.Point> out;

    private int minPos;
    private int maxPos;
    private int gapPos;
    private double min;
    private double max;
    private double sum;
    private long finite;

    private Buckets(SeriesView view, int capacity) {
        this.view = view;
        this.out = new ArrayList<>(capacity);
        reset();
    }

    /** Positions {@code [lo, hi)} of the view, at most {@code maxPoints} of them. */
    static List<MetricSeries.Point> points(SeriesView view, int lo, int hi, int maxPoints) {
        if (maxPoints < MIN_POINTS || maxPoints > MAX_POINTS) {
            throw new IllegalArgumentException(
                    "maxPoints must be between " + MIN_POINTS + " and " + MAX_POINTS + ", got " + maxPoints);
        }
        int count = hi - lo;
        Buckets b = new Buckets(view, Math.min(count, maxPoints));
        if (count <= maxPoints) {
            for (int p = lo; p < hi; p++) {
                b.emit(p);
            }
            return b.out;
        }
        int first = lo;
        int last = hi - 1;
        int buckets = maxPoints / 2 - 1;
        double[] values = view.values();
        Edges edges = new Edges(view, first, last, buckets);
        b.emit(first);
        int start = first + 1;
        for (int bucket = 0; bucket < buckets && start < last; bucket++) {
            // Each bucket's end found by bisection: the loop below then reads only values, in
            // position order, which matters when the order is a permutation (random access).
            int stop = bucket == buckets - 1 ? last : edges.firstAtLeast(bucket + 1, start, last);
            for (int p = start; p < stop; p++) {
                b.take(p, values[view.at(p)]);
            }
            b.flush();
            start = stop;
        }
        b.emit(last);
        return b.out;
    }

    /** Which bucket a key falls in: equal widths between the first and last key of the range. */
    private static final class Edges {
        private final SeriesView view;
        private final double x0;
        private final double scale;
        private final int buckets;

        Edges(SeriesView view, int first, int last, int buckets) {
            this.view = view;
            this.buckets = buckets;
            // double arithmetic: keys are any 64-bit numbers, and their differences may not fit a
            // long; rounding keeps the bucket monotonic in the key, which is all the rule needs.
            this.x0 = (double) view.key(first);
            double span = (double) view.key(last) - x0;
            this.scale = span > 0 ? buckets / span : 0;
        }

        int bucketOf(int position) {
            int bucket = (int) (((double) view.key(position) - x0) * scale);
            return Math.min(bucket, buckets - 1);
        }

        /** The first position in {@code [lo, hi)} whose bucket is at least {@code bucket}, or {@code hi}. */
        int firstAtLeast(int bucket, int lo, int hi) {
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (bucketOf(mid) < bucket) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private void take(int position, double value) {
        if (Double.isFinite(value)) {
            if (minPos < 0 || value < min) {
                minPos = position;
                min = value;
            }
            if (maxPos < 0 || value > max) {
                maxPos = position;
                max = value;
            }
            sum += value;
            finite++;
        } else if (gapPos < 0) {
            gapPos = position;
        }
    }

    private void flush() {
        int a = minPos;
        int b = maxPos;
        if (gapPos >= 0) {
            int kept = -1;
            if (finite > 0) {
                double mean = sum / finite;
                // The extreme farther from the mean is the one a reader would miss.
                kept = !Double.isFinite(mean) || max - mean >= mean - min ? maxPos : minPos;
            }
            a = gapPos;
            b = kept;
        }
        if (a >= 0 && b >= 0 && a != b) {
            emit(Math.min(a, b));
            emit(Math.max(a, b));
        } else if (a >= 0 || b >= 0) {
            emit(Math.max(a, b));
        }
        reset();
    }

    private void reset() {
        minPos = -1;
        maxPos = -1;
        gapPos = -1;
        sum = 0;
        finite = 0;
    }

    private void emit(int position) {
        int i = view.at(position);
        out.add(new MetricSeries.Point(view.steps()[i], view.times()[i], view.values()[i]));
    }
}

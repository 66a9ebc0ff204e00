package org.labwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;

/** The bucket rule against a plain transcription of docs/metrics.md, on random series with ties and gaps. */
class BucketsTest {

    /** The rule as the doc words it, one bucket index computed per value, no bisection. */
    private static List<MetricSeries.Point> reference(SeriesView v, int lo, int hi, int n) {
        List<MetricSeries.Point> out = new ArrayList<>();
        if (hi - lo <= n) {
            for (int p = lo; p < hi; p++) {
                out.add(point(v, p));
            }
            return out;
        }
        int buckets = n / 2 - 1;
        double x0 = v.key(lo);
        double span = (double) v.key(hi - 1) - x0;
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            members.add(new ArrayList<>());
        }
        for (int p = lo + 1; p < hi - 1; p++) {
            int b = span > 0 ? (int) Math.min(buckets - 1, (int) (((double) v.key(p) - x0) * (buckets / span))) : 0;
            members.get(b).add(p);
        }
        out.add(point(v, lo));
        for (List<Integer> bucket : members) {
            int min = -1;
            int max = -1;
            int gap = -1;
            double sum = 0;
            int finite = 0;
            for (int p : bucket) {
                double value = v.values()[v.at(p)];
                if (!Double.isFinite(value)) {
                    gap = gap < 0 ? p : gap;
                    continue;
                }
                min = min < 0 || value < v.values()[v.at(min)] ? p : min;
                max = max < 0 || value > v.values()[v.at(max)] ? p : max;
                sum += value;
                finite++;
            }
            List<Integer> kept = new ArrayList<>();
            if (gap >= 0) {
                kept.add(gap);
                if (finite > 0) {
                    double mean = sum / finite;
                    double lowest = v.values()[v.at(min)];
                    double highest = v.values()[v.at(max)];
                    kept.add(highest - mean >= mean - lowest ? max : min);
                }
            } else if (min >= 0) {
                kept.add(min);
                if (max != min) {
                    kept.add(max);
                }
            }
            kept.stream().sorted().forEach(p -> out.add(point(v, p)));
        }
        out.add(point(v, hi - 1));
        return out;
    }

    private static MetricSeries.Point point(SeriesView v, int p) {
        int i = v.at(p);
        return new MetricSeries.Point(v.steps()[i], v.times()[i], v.values()[i]);
    }

    @Test
    void matchesTheRuleAsWrittenOnRandomSeries() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            Series s = new Series("m");
            int size = 1 + random.nextInt(5000);
            int spread = 1 + random.nextInt(size * 2);
            for (int i = 0; i < size; i++) {
                double value = random.nextInt(50) == 0
                        ? (random.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY)
                        : random.nextGaussian() * (random.nextInt(100) == 0 ? 100 : 1);
                // Runs of steps in order, then a jump back: orders worked out while values arrive.
                long step = random.nextInt(4) == 0 ? random.nextInt(spread) - spread / 2 : i;
                s.add(step, 1000L + i - (random.nextInt(20) == 0 ? random.nextInt(50) : 0), value);
                if (random.nextInt(200) == 0) {
                    s.view(MetricRange.Axis.STEP);
                    s.view(MetricRange.Axis.TIME);
                }
            }
            for (MetricRange.Axis axis : MetricRange.Axis.values()) {
                SeriesView v = s.view(axis);
                List<Integer> stable = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    stable.add(i);
                }
                long[] keys = v.keys();
                stable.sort((a, b) -> Long.compare(keys[a], keys[b])); // List.sort is stable
                for (int p = 0; p < size; p++) {
                    assertEquals(stable.get(p), v.at(p), "order along " + axis + " at " + p);
                }
                int n = 4 + random.nextInt(300);
                int lo = random.nextInt(Math.max(1, size / 4));
                int hi = size - random.nextInt(Math.max(1, size / 4));
                hi = Math.max(hi, lo);
                assertEquals(
                        reference(v, lo, hi, n),
                        Buckets.points(v, lo, hi, n),
                        "round " + round + ", " + axis + ", " + size + " values, N " + n);
            }
        }
    }
}

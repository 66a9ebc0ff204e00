package org.labwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;

/** The bucket rule over a million values: spikes, gaps, first and last, order along the axis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownsamplingTest {

    static final int N = 1_000_000;
    static final int SPIKE_AT = 612_345;
    static final int DIP_AT = 77_777;
    static final int GAP_AT = 400_001;

    private Runs runs;
    private MetricSource source;

    /** Every N the tests try: each from 4 to 200, then spread to 10,000. */
    private static List<Integer> everyN() {
        List<Integer> out = new ArrayList<>();
        for (int n = 4; n <= 200; n++) {
            out.add(n);
        }
        for (int n = 201; n < 10_000; n += 97) {
            out.add(n);
        }
        out.add(9_999);
        out.add(10_000);
        return out;
    }

    @BeforeAll
    void writeAMillionValues(@TempDir Path data) throws IOException {
        runs = new Runs(data);
        source = runs.source();
        Path file = runs.run("sweep", "20261204_201503");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(Runs.HEADER);
            for (int i = 0; i < N; i++) {
                long t = 1796415303000L + i;
                String time = t / 1000 + "." + (t % 1000 + 1000 + "").substring(1);
                String base = Double.toString(Math.sin(i / 5000.0));
                w.write(time + "," + i + ",spike," + (i == SPIKE_AT ? "1000.0" : base) + "\n");
                w.write(time + "," + i + ",dip," + (i == DIP_AT ? "-1000.0" : base) + "\n");
                w.write(time + "," + i + ",gap," + (i == GAP_AT ? "NaN" : i == SPIKE_AT ? "1000.0" : base) + "\n");
            }
        }
    }

    @AfterAll
    void stop() {
        runs.close();
    }

    private MetricSeries series(String name, int points) throws IOException {
        return source.series("sweep", MetricRange.all(name, MetricRange.Axis.STEP), points)
                .orElseThrow();
    }

    private static void checkShape(MetricSeries s, int n) {
        List<MetricSeries.Point> p = s.points();
        assertTrue(p.size() <= n, n + ": " + p.size() + " points");
        assertTrue(s.downsampled());
        assertEquals(N, s.count());
        assertEquals(0, p.get(0).step(), n + ": the first value exactly");
        assertEquals(Math.sin(0), p.get(0).value());
        assertEquals(N - 1, p.get(p.size() - 1).step(), n + ": the last value exactly");
        assertEquals(Math.sin((N - 1) / 5000.0), p.get(p.size() - 1).value());
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.get(i - 1).step() < p.get(i).step(), n + ": ordered by step at " + i);
        }
        assertTrue(p.size() >= Math.min(n - 1, 4), n + ": uses its budget, " + p.size());
    }

    private static boolean has(MetricSeries s, int step, double value) {
        for (MetricSeries.Point p : s.points()) {
            if (p.step() == step && Double.compare(p.value(), value) == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSingleSpikeSurvivesEveryN() throws IOException {
        for (int n : everyN()) {
            MetricSeries s = series("spike", n);
            checkShape(s, n);
            assertTrue(has(s, SPIKE_AT, 1000.0), n + ": the spike is gone");
            MetricSeries d = series("dip", n);
            checkShape(d, n);
            assertTrue(has(d, DIP_AT, -1000.0), n + ": the dip is gone");
        }
    }

    @Test
    void aGapStaysAGapBesideASpikeForEveryN() throws IOException {
        for (int n : everyN()) {
            MetricSeries s = series("gap", n);
            checkShape(s, n);
            assertTrue(has(s, GAP_AT, Double.NaN), n + ": the gap is gone");
            assertTrue(has(s, SPIKE_AT, 1000.0), n + ": the spike is gone");
        }
    }

    @Test
    void aRangeIsCountedAndItsEndsAreExact() throws IOException {
        MetricSeries s = source.series("sweep", new MetricRange("spike", MetricRange.Axis.STEP, 1000, 600_000), 500)
                .orElseThrow();
        assertEquals(599_001, s.count());
        assertEquals(1000, s.points().get(0).step());
        assertEquals(600_000, s.points().get(s.points().size() - 1).step());
        MetricSeries small = source.series("sweep", new MetricRange("spike", MetricRange.Axis.STEP, 10, 19), 10)
                .orElseThrow();
        assertEquals(10, small.count());
        assertFalse(small.downsampled(), "as many values as points: all of them");
        assertEquals(10, small.points().size());
        MetricSeries byTime = source.series(
                        "sweep",
                        new MetricRange("spike", MetricRange.Axis.TIME, 1796415303000L + 5, 1796415303000L + 9),
                        10)
                .orElseThrow();
        assertEquals(
                List.of(5L, 6L, 7L, 8L, 9L),
                byTime.points().stream().map(MetricSeries.Point::step).toList());
        assertEquals(
                0,
                source.series("sweep", new MetricRange("spike", MetricRange.Axis.STEP, 5, 4), 10)
                        .orElseThrow()
                        .count());
        assertEquals(
                0,
                source.series("sweep", new MetricRange("spike", MetricRange.Axis.STEP, N, Long.MAX_VALUE), 10)
                        .orElseThrow()
                        .count());
    }

    @Test
    void aBudgetOutsideFourToTenThousandIsRefused() {
        for (int bad : new int[] {-1, 0, 1, 2, 3, 10_001}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> source.series("sweep", MetricRange.all("spike", MetricRange.Axis.STEP), bad));
            assertTrue(e.getMessage().contains("between 4 and 10000"), e.getMessage());
        }
    }

    @Test
    void everyValueOfARangeInOrderForADownload() throws IOException {
        List<Long> steps = new ArrayList<>();
        assertTrue(source.forEach(
                "sweep", new MetricRange("gap", MetricRange.Axis.STEP, GAP_AT - 1, GAP_AT + 1), (step, time, value) -> {
                    steps.add(step);
                    if (step == GAP_AT) {
                        assertTrue(Double.isNaN(value));
                        assertEquals(1796415303000L + GAP_AT, time);
                    }
                }));
        assertEquals(List.of((long) GAP_AT - 1, (long) GAP_AT, (long) GAP_AT + 1), steps);
        assertFalse(source.forEach("sweep", MetricRange.all("nope", MetricRange.Axis.STEP), (s, t, v) -> {}));
    }

    @Test
    void stepsOutOfOrderAndRepeatedAreOrderedByStepWithTiesInFileOrder() throws IOException {
        Path file = runs.run("shuffled", "20261204_201503");
        Files.writeString(file, Runs.HEADER + """
                10.000,5,m,1
                11.000,3,m,2
                12.000,3,m,3
                13.000,9,m,4
                9.000,1,m,5
                14.000,3,m,6
                """);
        assertEquals(List.of(5.0, 2.0, 3.0, 6.0, 1.0, 4.0), values("shuffled", MetricRange.Axis.STEP));
        assertEquals(List.of(5.0, 1.0, 2.0, 3.0, 4.0, 6.0), values("shuffled", MetricRange.Axis.TIME));
        // More values after the order was worked out: in order (appended), and out of it (merged).
        Runs.append(file, "15.000,9,m,7\n16.000,12,m,8\n");
        assertEquals(List.of(5.0, 2.0, 3.0, 6.0, 1.0, 4.0, 7.0, 8.0), values("shuffled", MetricRange.Axis.STEP));
        Runs.append(file, "8.000,3,m,9\n17.000,0,m,10\n");
        assertEquals(
                List.of(10.0, 5.0, 2.0, 3.0, 6.0, 9.0, 1.0, 4.0, 7.0, 8.0), values("shuffled", MetricRange.Axis.STEP));
        assertEquals(
                List.of(9.0, 5.0, 1.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 10.0), values("shuffled", MetricRange.Axis.TIME));
        MetricSeries three = source.series("shuffled", new MetricRange("m", MetricRange.Axis.STEP, 3, 3), 10)
                .orElseThrow();
        assertEquals(4, three.count());
    }

    @Test
    void aSpikeSurvivesInAShuffledSeriesToo() throws IOException {
        Path file = runs.run("random", "20261204_201503");
        int n = 200_000;
        int[] steps = new int[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = steps[i];
            steps[i] = steps[j];
            steps[j] = t;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(Runs.HEADER);
            for (int i = 0; i < n; i++) {
                w.write("1.000," + steps[i] + ",m," + (steps[i] == 123_456 ? 99.0 : Math.cos(steps[i] / 300.0)) + "\n");
            }
        }
        for (int points : new int[] {4, 5, 17, 100, 1000, 9999}) {
            MetricSeries s = source.series("random", MetricRange.all("m", MetricRange.Axis.STEP), points)
                    .orElseThrow();
            assertEquals(0, s.points().get(0).step());
            assertEquals(n - 1, s.points().get(s.points().size() - 1).step());
            assertTrue(has(s, 123_456, 99.0), points + ": the spike is gone");
        }
    }

    private List<Double> values(String run, MetricRange.Axis x) throws IOException {
        return ReadingTest.values(
                source.series(run, MetricRange.all("m", x), 100).orElseThrow().points());
    }
}

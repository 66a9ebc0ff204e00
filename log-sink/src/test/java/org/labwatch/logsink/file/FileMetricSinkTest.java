package org.labwatch.logsink.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;
import org.labwatch.testsupport.MetricValues;

/** The metrics file as docs/metrics.md describes it, read back as bytes. */
class FileMetricSinkTest {

    @TempDir
    Path dir;

    private final MetricSink sink = new FileMetricSink();

    @Test
    void headerAtCreationThenOneLinePerValueBesideTheLog() throws IOException {
        RunInfo run = LogFiles.run(dir, "rabi");
        sink.append(
                run,
                new MetricValues()
                        .add(1796415303125L, 0, "T1_us", 45.2)
                        .add(1796415303125L, 0, "fit/chi2", 1.03)
                        .add(1796415304002L, 1, "T1_us", Double.NaN)
                        .add(1796415304518L, 1, "fit/chi2", 1.0E-5));

        assertEquals(dir.resolve("monitoring/metrics/rabi_20250101_120000.csv"), run.metricsFile());
        assertEquals("""
                time,step,name,value
                1796415303.125,0,T1_us,45.2
                1796415303.125,0,fit/chi2,1.03
                1796415304.002,1,T1_us,NaN
                1796415304.518,1,fit/chi2,1.0E-5
                """, Files.readString(run.metricsFile(), StandardCharsets.UTF_8));
    }

    @Test
    void timeHasExactlyThreeDecimalsAndValuesReadBackExactly() throws IOException {
        RunInfo run = LogFiles.run(dir, "values");
        double[] values = {
            0.0,
            -0.0,
            1.0,
            -2.5,
            0.1,
            1.0 / 3,
            6.02214076e23,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN
        };
        MetricValues batch = new MetricValues();
        for (int i = 0; i < values.length; i++) {
            batch.add(1000L * i + (i % 3 == 0 ? 0 : i * 7), i, "v", values[i]);
        }
        sink.append(run, batch);

        List<String> lines = Files.readAllLines(run.metricsFile());
        assertEquals(values.length + 1, lines.size());
        for (int i = 0; i < values.length; i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            assertEquals(4, f.length, lines.get(i + 1));
            assertTrue(f[0].matches("\\d+\\.\\d{3}"), f[0]);
            assertEquals(batch.timeMillis(i), Math.round(Double.parseDouble(f[0]) * 1000), f[0]);
            assertEquals(Double.valueOf(values[i]), Double.valueOf(f[3]), lines.get(i + 1));
        }
        assertEquals("0.000,0,v,0.0", lines.get(1));
        assertEquals("1.007,1,v,-0.0", lines.get(2));
        assertTrue(lines.get(10).endsWith(",Infinity") && lines.get(11).endsWith(",-Infinity"), lines.toString());
    }

    @Test
    void valuesAreWrittenExactlyAsDoubleToStringWritesThem() throws IOException {
        RunInfo run = LogFiles.run(dir, "random");
        java.util.Random random = new java.util.Random(42);
        MetricValues batch = new MetricValues();
        for (int i = 0; i < 10_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 1e3;
            batch.add(1_000, i, "r", v);
        }
        sink.append(run, batch);
        List<String> lines = Files.readAllLines(run.metricsFile());
        for (int i = 0; i < batch.size(); i++) {
            assertEquals("1.000," + i + ",r," + Double.toString(batch.value(i)), lines.get(i + 1));
        }
    }

    @Test
    void outOfOrderRepeatedAndExtremeStepsAreKeptInRecordingOrder() throws IOException {
        RunInfo run = LogFiles.run(dir, "steps");
        sink.append(
                run,
                new MetricValues()
                        .add(5_000, 7, "a", 1)
                        .add(5_001, 3, "a", 2)
                        .add(5_002, 3, "a", 3)
                        .add(5_003, -4, "a", 4));
        sink.append(
                run,
                new MetricValues()
                        .add(5_004, Long.MAX_VALUE, "a", 5)
                        .add(5_005, Long.MIN_VALUE, "a", 6)
                        .add(5_006, 3, "a", 3));
        assertEquals(
                List.of(
                        "time,step,name,value",
                        "5.000,7,a,1.0",
                        "5.001,3,a,2.0",
                        "5.002,3,a,3.0",
                        "5.003,-4,a,4.0",
                        "5.004,9223372036854775807,a,5.0",
                        "5.005,-9223372036854775808,a,6.0",
                        "5.006,3,a,3.0"),
                Files.readAllLines(run.metricsFile()));
    }

    @Test
    void aSecondRunInTheSameSecondAppendsToTheSameFileAfterItsLines() throws IOException {
        RunInfo first = LogFiles.run(dir, "same");
        sink.append(first, new MetricValues().add(1_000, 0, "x", 1));
        sink.runEnded(first);
        MetricSink other = new FileMetricSink();
        RunInfo second = LogFiles.run(dir, "same");
        other.append(second, new MetricValues().add(2_000, 0, "x", 2));
        assertEquals(
                List.of("time,step,name,value", "1.000,0,x,1.0", "2.000,0,x,2.0"),
                Files.readAllLines(first.metricsFile()));
    }

    @Test
    void aLineLeftUnfinishedInTheFileIsEndedBeforeNewLines() throws IOException {
        RunInfo run = LogFiles.run(dir, "torn");
        Files.createDirectories(run.metricsFile().getParent());
        Files.writeString(run.metricsFile(), "time,step,name,value\n1.000,0,x,1.");
        sink.append(run, new MetricValues().add(2_000, 1, "x", 2));
        assertEquals(
                List.of("time,step,name,value", "1.000,0,x,1.", "2.000,1,x,2.0"),
                Files.readAllLines(run.metricsFile()));
    }

    @Test
    void aDeletedFileIsStartedAgainWithItsHeader() throws IOException {
        RunInfo run = LogFiles.run(dir, "vanish");
        sink.append(run, new MetricValues().add(1_000, 0, "x", 1));
        Files.delete(run.metricsFile());
        sink.append(run, new MetricValues().add(2_000, 1, "x", 2));
        assertEquals(List.of("time,step,name,value", "2.000,1,x,2.0"), Files.readAllLines(run.metricsFile()));
    }

    @Test
    void aFailedBatchThrowsAndIsWrittenOnceWhenRetried() throws IOException {
        RunInfo run = LogFiles.run(dir, "retry");
        sink.append(run, new MetricValues().add(1_000, 0, "x", 1));
        Path metrics = run.metricsFile().getParent();
        Path aside = dir.resolve("aside");
        Files.move(metrics, aside);
        Files.writeString(metrics, "in the way");
        MetricValues batch = new MetricValues().add(2_000, 1, "x", 2).add(2_001, 2, "x", 3);
        assertThrows(IOException.class, () -> sink.append(run, batch));

        Files.delete(metrics);
        Files.move(aside, metrics);
        sink.append(run, batch);
        assertEquals(
                List.of("time,step,name,value", "1.000,0,x,1.0", "2.000,1,x,2.0", "2.001,2,x,3.0"),
                Files.readAllLines(run.metricsFile()));
    }

    @Test
    void appendAfterRunEndedOpensTheFileAgain() throws IOException {
        RunInfo run = LogFiles.run(dir, "ended");
        sink.append(run, new MetricValues().add(1_000, 0, "x", 1));
        sink.runEnded(run);
        sink.append(run, new MetricValues().add(2_000, 1, "x", 2));
        assertEquals(3, Files.readAllLines(run.metricsFile()).size());
    }

    @Test
    void anEmptyBatchCreatesNoFile() throws IOException {
        RunInfo run = LogFiles.run(dir, "empty");
        sink.append(run, new MetricValues());
        assertTrue(Files.notExists(run.metricsFile()));
    }

    @Test
    void foundByServiceLoader() {
        assertInstanceOf(
                FileMetricSink.class,
                ServiceLoader.load(MetricSink.class).findFirst().orElseThrow());
    }
}

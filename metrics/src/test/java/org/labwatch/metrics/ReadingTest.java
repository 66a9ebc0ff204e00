package org.labwatch.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.RunMetrics;

/** Metrics files written by hand, read through the metrics source: the file format's rules. */
class ReadingTest {

    @TempDir
    Path data;

    private Runs runs;
    private MetricSource source;

    @BeforeEach
    void start() {
        runs = new Runs(data);
        source = runs.source();
    }

    @AfterEach
    void stop() {
        runs.close();
    }

    private List<MetricSeries.Point> all(String id, String name) throws IOException {
        return source.series(id, MetricRange.all(name, MetricRange.Axis.STEP), 10_000)
                .orElseThrow()
                .points();
    }

    @Test
    void summariesOfEveryMetricFromTheFile() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + """
                1796415303.125,0,T1_us,45.2
                1796415303.125,0,fit/chi2,1.03
                1796415304.002,1,T1_us,NaN
                1796415304.518,1,fit/chi2,1.0E-5
                1796415305.000,2,T1_us,38.0
                1796415306.500,3,T1_us,51.7
                1796415307.250,4,T1_us,44.0
                """);
        RunMetrics m = source.metrics("rabi").orElseThrow();
        assertEquals("rabi_20261204_201503.csv", m.file());
        assertEquals(0, m.skippedLines());
        assertEquals(
                List.of("T1_us", "fit/chi2"),
                m.metrics().stream().map(RunMetrics.Metric::name).toList());
        assertEquals(
                new RunMetrics.Metric("T1_us", 5, 0, 4, 1796415303125L, 1796415307250L, 44.0, 38.0, 51.7),
                m.metrics().get(0));
        assertEquals(
                new RunMetrics.Metric("fit/chi2", 2, 0, 1, 1796415303125L, 1796415304518L, 1.0E-5, 1.0E-5, 1.03),
                m.metrics().get(1));
    }

    @Test
    void aRunWithoutMetricsHasNoneAndAnUnknownRunIsEmpty() throws Exception {
        runs.run("quiet", "20261204_201503");
        assertEquals(RunMetrics.NONE, source.metrics("quiet").orElseThrow());
        assertTrue(source.metrics("nobody").isEmpty());
        assertTrue(source.series("quiet", MetricRange.all("T1_us", MetricRange.Axis.STEP), 100)
                .isEmpty());
        assertFalse(source.forEach("nobody", MetricRange.all("T1_us", MetricRange.Axis.STEP), (s, t, v) -> {}));
    }

    @Test
    void anotherRunsFileOfTheSameExperimentIsNotThisRuns() throws Exception {
        Path earlier = runs.run("rabi", "20261203_101010");
        Files.writeString(earlier, Runs.HEADER + "1.000,0,T1_us,1.0\n");
        runs.run("rabi", "20261204_201503"); // the status now names the new run's log; it has no metrics yet
        assertEquals(RunMetrics.NONE, source.metrics("rabi").orElseThrow());
    }

    @Test
    void aWriterThatNamesNoLogFileGetsTheFileOfTheLogTheIndexFound() throws Exception {
        runs.seedLog("autocalibration", "20261203_235959");
        runs.seedLog("autocalibration", "20261204_000001");
        Path dir = runs.seedRun("autocalibration");
        Files.writeString(dir.resolve("autocalibration_20261203_235959.csv"), Runs.HEADER + "1.000,0,old,1.0\n");
        Files.writeString(dir.resolve("autocalibration_20261204_000001.csv"), Runs.HEADER + "1.000,0,new,1.0\n");
        Files.writeString(dir.resolve("autocalibration_x_20261205_000001.csv"), Runs.HEADER + "1.000,0,other,1.0\n");
        Files.writeString(dir.resolve("autocal_20261206_000001.csv"), Runs.HEADER + "1.000,0,other,1.0\n");
        RunMetrics m = source.metrics("autocalibration").orElseThrow();
        assertEquals("autocalibration_20261204_000001.csv", m.file());
        assertEquals("new", m.metrics().get(0).name());

        // A newer run (its log, its metrics, then its status) makes its metrics file the run's.
        runs.seedLog("autocalibration", "20261205_000001");
        Files.writeString(dir.resolve("autocalibration_20261205_000001.csv"), Runs.HEADER + "1.000,0,second,1.0\n");
        runs.seedRun("autocalibration");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> source.metrics("autocalibration").orElseThrow().file(),
                        f -> "autocalibration_20261205_000001.csv".equals(f));
    }

    @Test
    void aWriterThatNamesNoLogFileAndHasNoLogHasNoMetrics() throws Exception {
        Path dir = runs.seedRun("autocalibration");
        Files.writeString(dir.resolve("autocalibration_20261204_000001.csv"), Runs.HEADER + "1.000,0,new,1.0\n");
        assertEquals(RunMetrics.NONE, source.metrics("autocalibration").orElseThrow());
    }

    @Test
    void headersAnywhereAreSkippedAndMalformedLinesCounted() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + """
                1.000,0,T1_us,1.0
                time,step,name,value
                2.000,1,T1_us,2.0
                2.000,1,T1_us
                2.000,1,T1_us,2.0,extra
                2.000,x,T1_us,2.0
                2.000,1,bad name,2.0
                2.000,1,/leading,2.0
                2.000,1,trailing/,2.0
                2.000,1,a..b,2.0
                2.000,1,T1_us,12abc
                2.000,1,,2.0

                x,1,T1_us,2.0
                3.000,2,T1_us,3.0
                """);
        RunMetrics m = source.metrics("rabi").orElseThrow();
        assertEquals(11, m.skippedLines());
        assertEquals(3, m.metrics().get(0).count());
        assertEquals(List.of(1.0, 2.0, 3.0), values(all("rabi", "T1_us")));
    }

    @Test
    void aLastLineWithoutNewlineIsLeftUntilItIsComplete() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,1.0\n2.000,1,T1_us,2");
        assertEquals(List.of(1.0), values(all("rabi", "T1_us")));
        assertEquals(0, source.metrics("rabi").orElseThrow().skippedLines());
        Runs.append(file, "5.5\n3.000,2,T1_");
        assertEquals(List.of(1.0, 25.5), values(all("rabi", "T1_us")), "the line completed, read from its start");
        Runs.append(file, "us,3.0\n");
        assertEquals(List.of(1.0, 25.5, 3.0), values(all("rabi", "T1_us")));
        assertEquals(0, source.metrics("rabi").orElseThrow().skippedLines());
    }

    @Test
    void growthIsReadFromWhereTheLastReadEndedAndAReplacedFileFromItsStart() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,1.0\n");
        assertEquals(1, source.metrics("rabi").orElseThrow().metrics().get(0).count());
        Runs.append(file, "2.000,1,T1_us,2.0\n2.000,1,Q,7.0\n");
        RunMetrics grown = source.metrics("rabi").orElseThrow();
        assertEquals(2, grown.metrics().size());
        assertEquals(2, grown.metrics().get(1).count());

        // Replaced by another file (another inode), shorter than what was read: read again from its start.
        Path other = file.resolveSibling("new.tmp");
        Files.writeString(other, Runs.HEADER + "9.000,0,T1_us,9.0\n");
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RunMetrics replaced = source.metrics("rabi").orElseThrow();
        assertEquals(1, replaced.metrics().size());
        assertEquals(9.0, replaced.metrics().get(0).last());
    }

    @Test
    void aFileReplacedByALongerOneIsReadFromItsStart() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,1.0\n");
        assertEquals(1.0, source.metrics("rabi").orElseThrow().metrics().get(0).last());
        // An editor's save: a new file, longer, where no line ends at the offset read to.
        Path other = file.resolveSibling("new.tmp");
        Files.writeString(other, Runs.HEADER + "19.000,0,T1_us,9.0\n20.000,1,T1_us,10.0\n");
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RunMetrics replaced = source.metrics("rabi").orElseThrow();
        assertEquals(2, replaced.metrics().get(0).count());
        assertEquals(List.of(9.0, 10.0), values(all("rabi", "T1_us")));
    }

    /** The source is read {@link LineReader#CHUNK} bytes at a time: lines cut by a chunk's end are read whole. */
    @Test
    void linesAcrossTheChunksOfTheSourceAreReadWhole() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        StringBuilder text = new StringBuilder(Runs.HEADER);
        int lines = 0;
        // Names of 1 to 128 characters, so that the chunks' ends fall everywhere in a line.
        while (text.length() < 3 * LineReader.CHUNK + 1000) {
            text.append(lines)
                    .append(".000,")
                    .append(lines)
                    .append(',')
                    .append("m".repeat(1 + lines % 128))
                    .append(',')
                    .append(lines)
                    .append(".5\n");
            lines++;
        }
        Files.writeString(file, text);
        RunMetrics m = source.metrics("rabi").orElseThrow();
        assertEquals(0, m.skippedLines());
        assertEquals(128, m.metrics().size());
        assertEquals(
                lines, m.metrics().stream().mapToLong(RunMetrics.Metric::count).sum());
        List<Double> last = values(all("rabi", "m".repeat(1 + (lines - 1) % 128)));
        assertEquals(lines - 1 + 0.5, last.get(last.size() - 1));

        // Growth that ends inside a line, across a chunk's end, then completes it.
        String more = "9.000,9,T1_us,1.0\n".repeat(LineReader.CHUNK / 18 + 7);
        Runs.append(file, more + "10.000,10,T1_us,2");
        assertEquals(LineReader.CHUNK / 18 + 7, count("T1_us"));
        Runs.append(file, ".5\n");
        assertEquals(LineReader.CHUNK / 18 + 8, count("T1_us"));
        assertEquals(
                2.5,
                source.metrics("rabi").orElseThrow().metrics().stream()
                        .filter(x -> x.name().equals("T1_us"))
                        .findFirst()
                        .orElseThrow()
                        .last());
        assertEquals(0, source.metrics("rabi").orElseThrow().skippedLines());
    }

    private long count(String name) throws IOException {
        return source.metrics("rabi").orElseThrow().metrics().stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow()
                .count();
    }

    @Test
    void aMetricsFileThatIsALinkOutOfItsDirectoryIsNone() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Path secret = Files.writeString(data.resolve("secret.csv"), Runs.HEADER + "1.000,0,password,1234.0\n");
        Files.createSymbolicLink(file, secret);
        assertEquals(RunMetrics.NONE, source.metrics("rabi").orElseThrow());
        Files.delete(file);
        Files.createSymbolicLink(file, Files.writeString(file.resolveSibling("inside.csv"), Runs.HEADER));
        assertEquals(
                "rabi_20261204_201503.csv", source.metrics("rabi").orElseThrow().file(), "a link inside is followed");
    }

    @Test
    void nonFiniteValuesAreKeptAndLeftOutOfMinAndMax() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + """
                1.000,0,gaps,NaN
                1.000,1,gaps,Infinity
                1.000,2,gaps,-Infinity
                1.000,3,gaps,nan
                1.000,4,gaps,inf
                1.000,5,gaps,-inf
                1.000,0,mixed,1e-05
                1.000,1,mixed,-inf
                1.000,2,mixed,2.5E3
                """);
        RunMetrics m = source.metrics("rabi").orElseThrow();
        RunMetrics.Metric gaps = m.metrics().get(0);
        assertEquals(6, gaps.count());
        assertNull(gaps.min(), "no finite value: no min");
        assertNull(gaps.max());
        assertTrue(Double.isInfinite(gaps.last()) && gaps.last() < 0);
        RunMetrics.Metric mixed = m.metrics().get(1);
        assertEquals(1e-5, mixed.min());
        assertEquals(2500.0, mixed.max());
        List<Double> values = values(all("rabi", "gaps"));
        assertTrue(Double.isNaN(values.get(0)) && Double.isNaN(values.get(3)), values.toString());
        assertEquals(Double.POSITIVE_INFINITY, values.get(1));
        assertEquals(Double.NEGATIVE_INFINITY, values.get(5));
    }

    @Test
    void windowsLineEndsAndAByteOrderMarkAreTolerated() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(file, bom);
        Runs.append(file, "time,step,name,value\r\n1.000,0,T1_us,1.0\r\n");
        RunMetrics m = source.metrics("rabi").orElseThrow();
        assertEquals(0, m.skippedLines());
        assertEquals(1, m.metrics().get(0).count());
    }

    @Test
    void anOverlongLineIsCountedOnceItEnds() throws Exception {
        Path file = runs.run("rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,1.0\n" + "9".repeat(3 * 1024 * 1024));
        assertEquals(0, source.metrics("rabi").orElseThrow().skippedLines(), "still being written");
        Runs.append(file, "\n2.000,1,T1_us,2.0\n");
        RunMetrics m = source.metrics("rabi").orElseThrow();
        assertEquals(1, m.skippedLines());
        assertEquals(2, m.metrics().get(0).count());
    }

    @Test
    void runsBeyondTheBudgetAreDroppedLeastRecentlyUsedFirstAndOneTooLargeIsRefused() throws Exception {
        runs.close();
        runs = new Runs(data, Map.of("maxValues", 1000L));
        source = runs.source();
        for (String name : List.of("a", "b", "c")) {
            StringBuilder text = new StringBuilder(Runs.HEADER);
            for (int i = 0; i < (name.equals("c") ? 1001 : 400); i++) {
                text.append("1.000,").append(i).append(",x,1.0\n");
            }
            Files.writeString(runs.run(name, "20261204_201503"), text);
        }
        source.metrics("a");
        source.metrics("b");
        assertEquals(800, runs.source.held()[1]);
        source.metrics("a"); // now b is the least recently used
        Files.writeString(runs.run("d", "20261204_201503"), Runs.HEADER + "1.000,0,x,1.0\n".repeat(300));
        source.metrics("d");
        assertEquals(2, runs.source.held()[0], "b dropped to make room for d");
        assertEquals(700, runs.source.held()[1]);
        IOException tooMany = assertThrows(IOException.class, () -> source.metrics("c"));
        assertTrue(tooMany.getMessage().contains("more than 1000 values"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("maxValues"), tooMany.getMessage());
        assertEquals(700, runs.source.held()[1], "what was read of c is not kept");
        assertEquals(400, source.metrics("b").orElseThrow().metrics().get(0).count(), "b is read again");
    }

    @Test
    void shippedRunsAreReadFromTheirRoot() throws Exception {
        Path root = data.resolve("remote/fridge-pc/qubit1/monitoring");
        Path file = Runs.run(root, "rabi", "20261204_201503");
        Files.writeString(file, Runs.HEADER + "1.000,0,T1_us,4.5\n");
        Path local = runs.run("rabi", "20261204_201503");
        Files.writeString(local, Runs.HEADER + "1.000,0,T1_us,1.5\n");
        runs.index.experiments(); // outside a container the index looks for shipped roots when listing
        assertEquals(
                4.5,
                source.metrics("rabi@fridge-pc.qubit1")
                        .orElseThrow()
                        .metrics()
                        .get(0)
                        .last());
        assertEquals(1.5, source.metrics("rabi").orElseThrow().metrics().get(0).last());
    }

    static List<Double> values(List<MetricSeries.Point> points) {
        List<Double> out = new ArrayList<>();
        for (MetricSeries.Point p : points) {
            out.add(p.value());
        }
        return out;
    }
}

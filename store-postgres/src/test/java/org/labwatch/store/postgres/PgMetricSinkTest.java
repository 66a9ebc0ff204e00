package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.logsink.file.FileMetricSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;
import org.labwatch.testsupport.MetricValues;

/** PgMetricSink writes the metrics file's lines exactly as the file sink does. */
class PgMetricSinkTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 4, 20, 15, 3, 0, ZoneOffset.UTC);

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path root;

    @TempDir
    Path disk;

    private TestNode node;
    private MetricSink sink;
    private LogSource source;
    private final MetricSink fileSink = new FileMetricSink();

    @BeforeEach
    void node() throws Exception {
        node = new TestNode(pg, pg.create(), "metrics", root);
        sink = new PgMetricSink(node.files);
        source = new PgLogSource(node.files, node.feed());
    }

    @AfterEach
    void close() {
        node.close();
    }

    private static RunInfo run(Path exptPath) {
        return new RunInfo("rabi", new MonitoringLayout(exptPath), START);
    }

    private static MetricValues batch(int from) {
        return new MetricValues()
                .add(1_796_415_303_125L + from, from, "T1_us", 45.2)
                .add(1_796_415_303_125L + from, from, "fit/chi2", 1.0e-5)
                .add(1_796_415_304_002L + from, from + 1, "T1_us", Double.NaN)
                .add(-1_500L, -3, "weird/negative", Double.NEGATIVE_INFINITY)
                .add(0, Long.MIN_VALUE, "T1_us", Double.POSITIVE_INFINITY);
    }

    private void assertSameFile(RunInfo inDatabase, RunInfo onDisk) throws Exception {
        byte[] expected = Files.readAllBytes(onDisk.metricsFile());
        assertEquals(expected.length, source.length(inDatabase.metricsFile()));
        assertArrayEquals(expected, source.read(inDatabase.metricsFile(), 0, expected.length + 1));
    }

    @Test
    void batchesOfOneRunAndOfASecondRunOfTheSameSecondAreTheFileSinksLines() throws Exception {
        RunInfo inDatabase = run(root.resolve("qubit1"));
        RunInfo onDisk = run(disk.resolve("qubit1"));
        for (int b = 0; b < 3; b++) {
            sink.append(inDatabase, batch(b * 10));
            fileSink.append(onDisk, batch(b * 10));
        }
        sink.append(inDatabase, new MetricValues());
        fileSink.append(onDisk, new MetricValues());
        sink.runEnded(inDatabase);
        fileSink.runEnded(onDisk);
        // a second run started in the same second continues the file, without a second header
        RunInfo again = new RunInfo("rabi", inDatabase.layout(), START);
        RunInfo againOnDisk = new RunInfo("rabi", onDisk.layout(), START);
        sink.append(again, batch(100));
        fileSink.append(againOnDisk, batch(100));
        fileSink.runEnded(againOnDisk);

        assertSameFile(inDatabase, onDisk);
        String text = new String(source.read(inDatabase.metricsFile(), 0, 1 << 20), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("time,step,name,value\n1796415303.125,0,T1_us,45.2\n"), text);
        assertEquals(text.indexOf("time,step"), text.lastIndexOf("time,step"), "one header");
        assertFalse(Files.exists(inDatabase.metricsFile()), "nothing on the node's disk");
    }

    @Test
    void aLineAnotherWriterLeftUnfinishedIsEndedFirst() throws Exception {
        RunInfo inDatabase = run(root.resolve("qubit1"));
        RunInfo onDisk = run(disk.resolve("qubit1"));
        // input: a metrics file whose writer was killed in the middle of a line
        byte[] cut = "time,step,name,value\n1796415303.125,0,T1_us,4".getBytes(StandardCharsets.US_ASCII);
        new PgLogSink(node.files).appendMirrored(inDatabase.metricsFile(), 0, cut);
        Files.createDirectories(onDisk.metricsFile().getParent());
        Files.write(onDisk.metricsFile(), cut);

        sink.append(inDatabase, batch(0));
        fileSink.append(onDisk, batch(0));
        fileSink.runEnded(onDisk);

        assertSameFile(inDatabase, onDisk);
        String text = new String(source.read(inDatabase.metricsFile(), 0, 1 << 20), StandardCharsets.UTF_8);
        assertTrue(text.contains("T1_us,4\n1796415303.125,0,T1_us,45.2\n"), text);
    }
}

package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;
import org.labwatch.testsupport.MetricValues;
import org.labwatch.testsupport.PostgresCluster.StopMode;

/**
 * The database stopped or restarted under the sinks: a write fails fast with an IOException, the
 * caller hands the same record or batch over again (as core's LogDelivery and MetricLane do), and
 * afterwards each is stored exactly once, also when the server crashed around a commit.
 */
class PgSinkOutageTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path root;

    /** A cluster of its own: this test stops it. */
    @RegisterExtension
    final TestDatabases pg = new TestDatabases();

    private TestNode node;
    private LogSink sink;
    private LogSource source;
    private MetricSink metrics;
    private RunInfo run;

    @BeforeEach
    void start() throws Exception {
        node = new TestNode(pg, pg.create(), "sinks", root);
        sink = new PgLogSink(node.files);
        metrics = new PgMetricSink(node.files);
        source = new PgLogSource(node.files, node.feed());
        run = new RunInfo("rabi", new MonitoringLayout(root.resolve("qubit1")), START);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static LogRecord record(long sequence) {
        return new LogRecord(sequence, START.toInstant().plusMillis(sequence), Level.INFO, "record " + sequence, null);
    }

    /** As a monitor delivers a record: again and again until the sink takes it. */
    private void deliver(LogRecord record, AtomicInteger refusals) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    try {
                        sink.append(run, record);
                        return true;
                    } catch (IOException e) {
                        refusals.incrementAndGet();
                        return false;
                    }
                });
    }

    private void assertEachRecordOnce(int count) throws IOException {
        List<LogEntry> entries = source.tail(run.logFile(), count * 2);
        List<String> messages = entries.stream().map(LogEntry::message).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            expected.add("record " + i);
        }
        assertEquals(expected, messages);
    }

    @Test
    void whileTheDatabaseIsDownAnAppendFailsWithinThreeSecondsAndLaterSucceedsOnce() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        for (int i = 1; i <= 20; i++) {
            deliver(record(i), refusals);
        }
        pg.cluster.stop(StopMode.IMMEDIATE);

        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertThrows(IOException.class, () -> sink.append(run, record(21)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "attempt " + i + " took " + ms + " ms");
        }
        assertTrue(node.db.outage().isPresent(), "the store says it is away");

        pg.cluster.start();
        for (int i = 21; i <= 40; i++) {
            deliver(record(i), refusals);
        }
        assertEachRecordOnce(40);
    }

    @Test
    void restartsMidRunLeaveEveryRecordOnce() throws Exception {
        int total = 600;
        AtomicInteger refusals = new AtomicInteger();
        AtomicLong delivered = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= total; i++) {
                deliver(record(i), refusals);
                delivered.set(i);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() >= 150);
        pg.cluster.restart(StopMode.IMMEDIATE);
        long afterFirst = delivered.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() >= afterFirst + 150);
        pg.cluster.restart(StopMode.FAST);
        writer.get(120, TimeUnit.SECONDS);

        assertTrue(refusals.get() > 0, "the restarts were felt by the writer");
        assertEachRecordOnce(total);
    }

    @Test
    void aMetricBatchIsStoredWholeOnceAfterTheDatabaseIsBack() throws Exception {
        MetricValues first = new MetricValues();
        MetricValues second = new MetricValues();
        for (int i = 0; i < 40_000; i++) {
            // about 1.2 MB of lines: more than one chunk row, still one transaction
            second.add(1_796_415_303_125L + i, i, i % 2 == 0 ? "T1_us" : "fit/chi2", i * 0.5);
        }
        first.add(1_796_415_303_000L, 0, "T1_us", 45.2);
        metrics.append(run, first);
        long before = node.files.length(run.metricsFile());

        pg.cluster.stop(StopMode.IMMEDIATE);
        long t0 = System.nanoTime();
        assertThrows(IOException.class, () -> metrics.append(run, second));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000, "failed fast");
        pg.cluster.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.db.outage().isEmpty());
        assertEquals(before, node.files.length(run.metricsFile()), "nothing of the refused batch was stored");

        metrics.append(run, second);
        String csv = new String(node.files.content(run.metricsFile()), StandardCharsets.UTF_8);
        String[] lines = csv.split("\n");
        assertEquals("time,step,name,value", lines[0]);
        assertEquals(1 + 1 + 40_000, lines.length);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            counts.merge(lines[i], 1, Integer::sum);
        }
        assertTrue(counts.values().stream().allMatch(n -> n == 1), "every line once");
        assertEquals("1796415303.125,0,T1_us,0.0", lines[2]);
        assertTrue(
                Integer.parseInt(pg.cluster.sql(node.database, "SELECT count(*) FROM labwatch_chunk")) >= 3,
                "the big batch took more than one chunk row");
        assertTrue(Instant.now().isAfter(START.toInstant()));
    }
}

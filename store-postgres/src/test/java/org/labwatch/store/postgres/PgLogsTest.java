package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.logs.RecordBytes;
import org.labwatch.logsink.file.FileLogSink;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MirrorOffsetException;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.Subscription;
import org.labwatch.testsupport.MetricValues;

/** PgLogSink and PgLogSource through the SPI, against a real PostgreSQL, compared with the files. */
class PgLogsTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final Instant T0 = START.toInstant();

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path root;

    private TestNode node;
    private LogSink sink;
    private LogSource source;

    @BeforeEach
    void node() throws Exception {
        node = new TestNode(pg, pg.create(), "logs", root);
        sink = new PgLogSink(node.files);
        source = new PgLogSource(node.files, node.feed());
    }

    @AfterEach
    void close() {
        node.close();
    }

    private RunInfo run(Path exptPath, String name) {
        return new RunInfo(name, new MonitoringLayout(exptPath), START);
    }

    private static LogRecord record(long sequence, Level level, String message, String stackTrace) {
        return new LogRecord(sequence, T0.plusMillis(sequence * 7), level, message, stackTrace);
    }

    /** Every kind of record the format has rules for, and enough of them to span several read windows. */
    private static List<LogRecord> records() {
        List<LogRecord> out = new ArrayList<>();
        long n = 0;
        out.add(record(++n, Level.INFO, "Starting resonator spectroscopy...", null));
        out.add(record(++n, Level.WARNING, "two\r\nlines\rand a third\n\n", null));
        out.add(record(
                ++n,
                Level.ERROR,
                "Fit failed",
                "java.lang.IllegalStateException: no signal\n\tat org.example.Sweep.run(Sweep.java:12)"));
        out.add(record(++n, Level.DEBUG, "", null));
        out.add(record(
                ++n,
                Level.INFO,
                "µ-wave on ✓, an unpaired surrogate \uD800 and 2025-01-01 12:00:00,000 - INFO - inside",
                null));
        out.add(record(++n, Level.INFO, "x".repeat(300 * 1024), null));
        for (int i = 0; i < 3000; i++) {
            out.add(record(
                    ++n, i % 5 == 0 ? Level.WARNING : Level.INFO, "tick " + i + (i % 9 == 0 ? "\nmore" : ""), null));
        }
        return out;
    }

    @Test
    void aLogWrittenHereReadsBackExactlyAsTheSameRecordsWrittenToAFile(@TempDir Path files) throws Exception {
        RunInfo inDatabase = run(root.resolve("qubit1"), "rabi");
        RunInfo onDisk = run(files.resolve("qubit1"), "rabi");
        LogSink fileSink = new FileLogSink();
        LogSource fileSource = new FileLogSource();
        for (LogRecord r : records()) {
            sink.append(inDatabase, r);
            fileSink.append(onDisk, r);
        }
        fileSink.runEnded(onDisk);
        Path pgLog = inDatabase.logFile();
        Path fileLog = onDisk.logFile();
        assertFalse(Files.exists(pgLog), "nothing is written to the node's disk");

        byte[] expected = Files.readAllBytes(fileLog);
        assertEquals(expected.length, source.length(pgLog));
        assertArrayEquals(expected, source.read(pgLog, 0, expected.length + 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1000, 1500), source.read(pgLog, 1000, 500));

        for (int n : new int[] {0, 1, 7, 100, 3005, 5000}) {
            assertEquals(fileSource.tail(fileLog, n), source.tail(pgLog, n), "tail " + n);
        }
        long offset = 0;
        int chunks = 0;
        while (true) {
            LogChunk expectedChunk = fileSource.readAfter(fileLog, offset, 4096);
            assertEquals(expectedChunk, source.readAfter(pgLog, offset, 4096), "readAfter " + offset);
            if (expectedChunk.entries().isEmpty()) {
                break;
            }
            offset = expectedChunk.nextOffset();
            chunks++;
        }
        assertTrue(chunks > 10, "read in many chunks");
        for (long odd :
                new long[] {1, 100, expected.length / 2, expected.length - 1, expected.length, expected.length + 10}) {
            assertEquals(
                    fileSource.readAfter(fileLog, odd, 64 * 1024),
                    source.readAfter(pgLog, odd, 64 * 1024),
                    "at " + odd);
        }
        assertThrows(IllegalArgumentException.class, () -> source.readAfter(pgLog, -1, 10));
        assertThrows(NoSuchFileException.class, () -> source.tail(pgLog.resolveSibling("none.log"), 10));
        assertThrows(NoSuchFileException.class, () -> source.length(pgLog.resolveSibling("none.log")));
    }

    @Test
    void aSecondRunOfTheSameSecondAppendsToTheSameLogAndEachRecordIsThereOnce() throws Exception {
        RunInfo first = run(root.resolve("qubit1"), "rabi");
        RunInfo second = new RunInfo("rabi", first.layout(), START);
        for (int i = 1; i <= 50; i++) {
            sink.append(i % 2 == 0 ? first : second, record(i, Level.INFO, "record " + i, null));
        }
        List<String> messages =
                source.tail(first.logFile(), 100).stream().map(e -> e.message()).toList();
        assertEquals(50, messages.size());
        for (int i = 1; i <= 50; i++) {
            assertEquals("record " + i, messages.get(i - 1));
        }
    }

    /**
     * A commit whose answer was lost: the bytes are in the database, the monitor hands the record over
     * again. Stands in for the crash by writing the record's exact bytes under the sink.
     */
    @Test
    void aRecordCommittedWithoutAnAnswerIsNotWrittenTwiceAndAnotherWritersBytesAreKept() throws Exception {
        RunInfo r = run(root.resolve("qubit1"), "rabi");
        sink.append(r, record(1, Level.INFO, "one", null));
        LogRecord two = record(2, Level.INFO, "two", null);
        node.files.append(r.logFile(), FileKind.LOG, encoded(two));

        sink.append(r, two);
        assertEquals(List.of("one", "two"), messages(source.tail(r.logFile(), 10)));

        // another writer's record where this sink expected to write: this one goes after it
        node.files.append(r.logFile(), FileKind.LOG, encoded(record(3, Level.INFO, "from elsewhere", null)));
        sink.append(r, record(4, Level.INFO, "four", null));
        assertEquals(List.of("one", "two", "from elsewhere", "four"), messages(source.tail(r.logFile(), 10)));
    }

    private static byte[] encoded(LogRecord r) {
        java.nio.ByteBuffer b = new RecordBytes().encode(r);
        return java.util.Arrays.copyOf(b.array(), b.limit());
    }

    private static List<String> messages(List<org.labwatch.spi.LogEntry> entries) {
        return entries.stream().map(org.labwatch.spi.LogEntry::message).toList();
    }

    @Test
    void findTakesTheNamedFileElseTheNewestLogOfTheName() throws Exception {
        Path logs = root.resolve("qubit1/monitoring/logs");
        Path other = root.resolve("other/monitoring/logs");
        sink.appendMirrored(logs.resolve("rabi_20250101_120000.log"), 0, bytes("a\n"));
        sink.appendMirrored(logs.resolve("rabi_extra_20250101_120000.log"), 0, bytes("not rabi's\n"));
        sink.appendMirrored(other.resolve("rabi_20250102_120000.log"), 0, bytes("newer\n"));
        sink.appendMirrored(logs.resolve("notes.log"), 0, bytes("named\n"));

        assertEquals(
                Optional.of(other.resolve("rabi_20250102_120000.log")),
                source.find(List.of(logs, other), "rabi", null));
        assertEquals(Optional.of(logs.resolve("rabi_20250101_120000.log")), source.find(List.of(logs), "rabi", null));
        assertEquals(Optional.of(logs.resolve("notes.log")), source.find(List.of(other, logs), "rabi", "notes.log"));
        // a name that would leave its directory is not looked up, and the newest log answers instead
        assertEquals(
                Optional.of(logs.resolve("rabi_20250101_120000.log")),
                source.find(List.of(logs), "rabi", "../logs/notes.log"));
        assertEquals(Optional.empty(), source.find(List.of(logs), "ramsey", null));
        assertEquals(Optional.empty(), source.find(List.of(logs), null, "missing.log"));

        // the newest is the one appended to last
        sink.appendMirrored(logs.resolve("rabi_20250101_120000.log"), 2, bytes("b\n"));
        assertEquals(
                Optional.of(logs.resolve("rabi_20250101_120000.log")), source.find(List.of(logs, other), "rabi", null));
    }

    @Test
    void aMirroredAppendAtAWrongOffsetIsRefusedAndLosesNothing() throws Exception {
        Path copy = root.resolve("remote/fridge-pc/calib/monitoring/logs/x_20261204_101010.log");
        Path metrics = root.resolve("remote/fridge-pc/calib/monitoring/metrics/x_20261204_101010.csv");
        assertEquals(0, sink.mirroredLength(copy));
        assertEquals(6, sink.appendMirrored(copy, 0, bytes("first\n")));
        assertEquals(13, sink.appendMirrored(copy, 6, bytes("second\n")));

        // input: the second chunk again (a retry after a lost answer), and one from beyond the end
        MirrorOffsetException again =
                assertThrows(MirrorOffsetException.class, () -> sink.appendMirrored(copy, 6, bytes("second\n")));
        assertEquals(13, again.storedLength());
        MirrorOffsetException gap =
                assertThrows(MirrorOffsetException.class, () -> sink.appendMirrored(copy, 20, bytes("later\n")));
        assertEquals(13, gap.storedLength());
        assertArrayEquals(bytes("first\nsecond\n"), source.read(copy, 0, 100));
        assertEquals(13, sink.mirroredLength(copy));

        sink.appendMirrored(metrics, 0, bytes("time,step,name,value\n"));
        assertEquals(Map.of("x_20261204_101010.log", 13L), sink.mirroredLengths(copy.getParent()));
        assertEquals(Map.of("x_20261204_101010.csv", 21L), sink.mirroredLengths(metrics.getParent()));
        assertEquals(Map.of(), sink.mirroredLengths(root.resolve("remote/none/monitoring/logs")));
        assertEquals(FileKind.METRICS, node.files.file(metrics).orElseThrow().kind());

        List<StoredFile> listed = source.files(copy.getParent());
        assertEquals(1, listed.size());
        assertEquals(copy, listed.get(0).path());
        assertEquals(13, listed.get(0).length());
        assertEquals(List.of(), source.files(root.resolve("none")));
    }

    @Test
    void watchTellsWhatIsThereAsExistingAndLaterAppendsOnAnyNodeAsChanges() throws Exception {
        Path logs = root.resolve("qubit1/monitoring/logs");
        Path metrics = root.resolve("qubit1/monitoring/metrics");
        Path later = root.resolve("later/monitoring/logs");
        Path old = logs.resolve("old_20250101_120000.log");
        sink.appendMirrored(old, 0, bytes("history\n"));
        List<String> told = new CopyOnWriteArrayList<>();
        LogFileListener listener = new LogFileListener() {
            @Override
            public void existing(Path file) {
                told.add("existing " + root.relativize(file));
            }

            @Override
            public void changed(Path file) {
                told.add("changed " + root.relativize(file));
            }
        };

        try (Subscription watch = source.watch(List.of(logs, metrics, later), listener)) {
            assertEquals(List.of("existing qubit1/monitoring/logs/old_20250101_120000.log"), told);

            // another node writes: the same database, its own connections
            try (TestNode other = new TestNode(pg, node.database, "other", root)) {
                PgLogSink otherSink = new PgLogSink(other.files);
                otherSink.appendMirrored(old, 8, bytes("news\n"));
                new PgMetricSink(other.files)
                        .append(run(root.resolve("qubit1"), "rabi"), new MetricValues().add(1, 0, "T1_us", 45.2));
                otherSink.appendMirrored(later.resolve("new_20250101_120000.log"), 0, bytes("new\n"));
                otherSink.appendMirrored(root.resolve("elsewhere/x.log"), 0, bytes("not watched\n"));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> told.size() == 4);
            assertEquals(
                    Set.of(
                            "existing qubit1/monitoring/logs/old_20250101_120000.log",
                            "changed qubit1/monitoring/logs/old_20250101_120000.log",
                            "changed qubit1/monitoring/metrics/rabi_20250101_120000.csv",
                            "changed later/monitoring/logs/new_20250101_120000.log"),
                    Set.copyOf(told));
        }
        int before = told.size();
        node.files.append(old, FileKind.LOG, bytes("after close\n"));
        long last = node.files.lastSeq();
        await().atMost(Duration.ofSeconds(3)).until(() -> node.feed().position() >= last);
        assertEquals(before, told.size(), "a closed watch tells nothing more");
    }

    @Test
    void describeNamesTheDatabase() {
        assertTrue(sink.describe().startsWith("postgres ("), sink.describe());
        sink.runEnded(run(root, "never-started"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

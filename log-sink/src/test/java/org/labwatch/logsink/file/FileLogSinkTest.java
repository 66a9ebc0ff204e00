package org.labwatch.logsink.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.RunInfo;

class FileLogSinkTest {

    @TempDir
    Path dir;

    private final LogSink sink = new FileLogSink();
    private final LogSource source = new FileLogSource();

    @Test
    void writesPythonLoggingFormatInTheDefaultZone() throws IOException {
        Instant time = Instant.parse("2025-03-04T05:06:07.089Z");
        RunInfo run = LogFiles.run(dir, "rabi");
        sink.append(run, new LogRecord(1, time, Level.WARNING, "qubit drifted", null));
        sink.append(run, new LogRecord(2, time.plusMillis(911), Level.INFO, "", null));

        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
                .withZone(ZoneId.systemDefault())
                .format(time);
        String next = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
                .withZone(ZoneId.systemDefault())
                .format(time.plusMillis(911));
        assertEquals(dir.resolve("monitoring/logs/rabi_20250101_120000.log"), run.logFile());
        assertEquals(
                List.of(stamp + " - WARNING - qubit drifted", next + " - INFO - "), Files.readAllLines(run.logFile()));
    }

    @Test
    void multiLineMessageAndStackTraceAreIndentedAndReadBack() throws IOException {
        RunInfo run = LogFiles.run(dir, "spec");
        String trace = "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\r\n";
        sink.append(run, new LogRecord(1, Instant.now(), Level.ERROR, "first\r\nsecond\rthird\n\n", trace));
        sink.append(run, LogFiles.record(2, "after"));

        List<String> lines = Files.readAllLines(run.logFile());
        assertEquals(6, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" - ERROR - first"));
        assertEquals(
                List.of(
                        "    second",
                        "    third",
                        "    java.lang.IllegalStateException: boom",
                        "    \tat a.B.c(B.java:1)"),
                lines.subList(1, 5));

        List<LogEntry> entries = source.tail(run.logFile(), 10);
        assertEquals(2, entries.size());
        assertEquals(Level.ERROR, entries.get(0).level());
        assertEquals(
                "first\nsecond\nthird\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)",
                entries.get(0).message());
        assertEquals("after", entries.get(1).message());
        assertEquals(entries, source.readAfter(run.logFile(), 0, 1 << 20).entries());
    }

    @Test
    void fakeRecordLineInAMessageStaysInsideItsRecord() throws IOException {
        RunInfo run = LogFiles.run(dir, "fake");
        sink.append(run, LogFiles.record(1, "real\n2025-01-01 12:00:00,000 - ERROR - fake"));
        List<LogEntry> entries = source.tail(run.logFile(), 10);
        assertEquals(1, entries.size());
        assertEquals(Level.INFO, entries.get(0).level());
        assertEquals(
                "real\n2025-01-01 12:00:00,000 - ERROR - fake", entries.get(0).message());
    }

    @Test
    void secondInstanceAndRestartContinueTheSameFile() throws IOException {
        RunInfo run = LogFiles.run(dir, "restart");
        sink.append(run, LogFiles.record(1, "one"));
        sink.runEnded(run);
        sink.append(run, LogFiles.record(2, "two"));
        LogSink other = new FileLogSink();
        other.append(run, LogFiles.record(3, "three"));
        other.runEnded(run);
        sink.runEnded(run);
        assertEquals(
                List.of("one", "two", "three"),
                source.tail(run.logFile(), 10).stream().map(LogEntry::message).toList());
    }

    @Test
    void deletedLogDirectoryIsRecreatedWithAWarning() throws IOException {
        RunInfo run = LogFiles.run(dir, "vanish");
        sink.append(run, LogFiles.record(1, "before"));
        deleteTree(dir.resolve("monitoring"));

        long[] sequence = {1};
        // The sink checks at most once a second; records appended meanwhile go to the deleted file.
        await("the log file to reappear")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    append(run, ++sequence[0]);
                    return Files.exists(run.logFile());
                });

        List<LogEntry> entries = source.tail(run.logFile(), 10);
        assertEquals(2, entries.size(), entries.toString());
        assertEquals(Level.WARNING, entries.get(0).level());
        assertTrue(
                entries.get(0).message().contains("had disappeared"),
                entries.get(0).message());
        assertEquals("after " + sequence[0], entries.get(1).message());
    }

    @Test
    void eachFsyncPolicyForcesExactlyTheRecordsItNames() throws IOException {
        // The count of forced records after each record of DEBUG, INFO, WARNING, ERROR: ON_ERROR
        // must force the ERROR record and no other, ALWAYS every one, NEVER none.
        assertEquals(List.of(Level.DEBUG, Level.INFO, Level.WARNING, Level.ERROR), List.of(Level.values()));
        Map<FileLogSink.FsyncPolicy, List<Long>> syncsAfterEach = Map.of(
                FileLogSink.FsyncPolicy.NEVER, List.of(0L, 0L, 0L, 0L),
                FileLogSink.FsyncPolicy.ON_ERROR, List.of(0L, 0L, 0L, 1L),
                FileLogSink.FsyncPolicy.ALWAYS, List.of(1L, 2L, 3L, 4L));
        assertEquals(
                Set.of(FileLogSink.FsyncPolicy.values()),
                syncsAfterEach.keySet(),
                "a new policy needs its counts here");
        for (FileLogSink.FsyncPolicy policy : FileLogSink.FsyncPolicy.values()) {
            FileLogSink policySink = new FileLogSink(Configs.of(FileLogSink.Config.class, Map.of("fsync", policy)));
            assertEquals("file (fsync=" + policy + ")", policySink.describe());
            RunInfo run = LogFiles.run(dir, "sync " + policy);
            List<Long> syncs = new java.util.ArrayList<>();
            long sequence = 0;
            for (Level level : Level.values()) {
                policySink.append(run, new LogRecord(++sequence, Instant.now(), level, level + " record", null));
                syncs.add(policySink.logOf(run).syncs());
            }
            assertEquals(
                    syncsAfterEach.get(policy),
                    syncs,
                    policy + ": records forced to disk after each of " + List.of(Level.values()));
            assertEquals(
                    Level.values().length, Files.readAllLines(run.logFile()).size(), policy + " writes every record");
            policySink.runEnded(run);
        }
        assertEquals("file (fsync=NEVER)", sink.describe(), "the default");
    }

    @Test
    void aChangedFsyncPolicyAppliesToTheRunningSinkAndItsOpenRuns() throws IOException {
        FileLogSink changing = new FileLogSink();
        RunInfo run = LogFiles.run(dir, "open while the cfg changes");
        changing.append(run, LogFiles.record(1, "before"));
        RunLog open = changing.logOf(run);
        assertEquals(0, open.syncs(), "NEVER forces nothing to disk");
        changing.modified(Configs.of(FileLogSink.Config.class, Map.of("fsync", FileLogSink.FsyncPolicy.ALWAYS)));
        assertEquals("file (fsync=ALWAYS)", changing.describe());
        changing.append(run, LogFiles.record(2, "after"));
        assertEquals(1, open.syncs(), "the run open before the change forces its next record to disk");
        assertEquals(open, changing.logOf(run), "the same open log, not a new one");
        assertEquals(2, Files.readAllLines(run.logFile()).size(), "the open run's log goes on in the same file");
    }

    @Test
    void unwritableLocationThrowsAndRecoversLater() throws IOException {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the experiment directory should be");
        RunInfo run = LogFiles.run(blocked, "x");
        assertThrows(IOException.class, () -> sink.append(run, LogFiles.record(1, "lost?")));
        Files.delete(blocked);
        sink.append(run, LogFiles.record(1, "kept"));
        assertEquals("kept", source.tail(run.logFile(), 1).get(0).message());
    }

    @Test
    void unpairedSurrogateIsReplacedNotFatal() throws IOException {
        RunInfo run = LogFiles.run(dir, "utf");
        sink.append(run, LogFiles.record(1, "bad \uD800 char, Résonateur – ok"));
        String text = Files.readString(run.logFile(), StandardCharsets.UTF_8);
        assertTrue(text.contains("bad ? char, Résonateur – ok"), text);
    }

    @Test
    void foundByServiceLoader() {
        assertInstanceOf(
                FileLogSink.class, ServiceLoader.load(LogSink.class).findFirst().orElseThrow());
        assertInstanceOf(
                FileLogSource.class,
                ServiceLoader.load(LogSource.class).findFirst().orElseThrow());
    }

    @Test
    void nullStackTraceAndNullTimeLevelForForeignLines() throws IOException {
        Path file = dir.resolve("other.log");
        Files.writeString(file, "plain output\nmore\n2025-01-01 12:00:00,000 - CRITICAL - bad\n  not indented\n");
        List<LogEntry> entries = source.tail(file, 10);
        assertEquals(3, entries.size());
        assertNull(entries.get(0).time());
        assertNull(entries.get(0).level());
        assertEquals("plain output", entries.get(0).message());
        assertEquals(Level.ERROR, entries.get(2).level());
        assertEquals("bad\n  not indented", entries.get(2).message());
        assertFalse(source.readAfter(file, 0, 100).restarted());
    }

    private void append(RunInfo run, long sequence) {
        try {
            sink.append(run, LogFiles.record(sequence, "after " + sequence));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.labwatch.logsink.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.internal.logs.LogReading;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.RunInfo;

class FileLogSourceTest {

    private static final String HEADER = "2025-01-01 12:00:00,000 - INFO - ";

    @TempDir
    Path dir;

    private final LogSink sink = new FileLogSink();
    private final LogSource source = new FileLogSource();

    @Test
    void incrementalReadsWhileAWriterAppends() throws Exception {
        RunInfo run = LogFiles.run(dir, "live");
        int total = 20_000;
        sink.append(run, LogFiles.record(1, "message 0"));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i < total; i++) {
                    String text = i % 7 == 0 ? "message " + i + "\nwith a second line" : "message " + i;
                    sink.append(run, LogFiles.record(i + 1, text));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        List<String> read = new ArrayList<>();
        long[] offset = {0};
        // Each poll reads on from where the last ended, while the writer goes on.
        await("all records read back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    try {
                        LogChunk chunk = source.readAfter(run.logFile(), offset[0], 4096);
                        assertFalse(chunk.restarted());
                        assertTrue(chunk.nextOffset() >= offset[0]);
                        for (LogEntry entry : chunk.entries()) {
                            assertTrue(entry.offset() >= offset[0]);
                            read.add(entry.message());
                        }
                        offset[0] = chunk.nextOffset();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return read.size() >= total;
                });
        writer.get(30, TimeUnit.SECONDS);

        assertEquals(total, read.size());
        for (int i = 0; i < total; i++) {
            String expected = i % 7 == 0 && i > 0 ? "message " + i + "\nwith a second line" : "message " + i;
            assertEquals(expected, read.get(i));
        }
        assertEquals(Files.size(run.logFile()), offset[0]);
    }

    @Test
    void shorterFileRestartsAtZero() throws IOException {
        Path file = dir.resolve("x.log");
        Files.writeString(file, HEADER + "one\n" + HEADER + "two\n" + HEADER + "three\n");
        LogChunk first = source.readAfter(file, 0, 1000);
        assertEquals(3, first.entries().size());
        assertEquals(Files.size(file), first.nextOffset());

        Files.writeString(file, HEADER + "new\n");
        LogChunk again = source.readAfter(file, first.nextOffset(), 1000);
        assertTrue(again.restarted());
        assertEquals(
                List.of("new"), again.entries().stream().map(LogEntry::message).toList());
        assertEquals(0, again.entries().get(0).offset());

        LogChunk nothingNew = source.readAfter(file, again.nextOffset(), 1000);
        assertFalse(nothingNew.restarted());
        assertTrue(nothingNew.entries().isEmpty());
        assertEquals(again.nextOffset(), nothingNew.nextOffset());
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        Path file = dir.resolve("partial.log");
        Files.writeString(file, HEADER + "complete\n" + HEADER + "parti");
        LogChunk chunk = source.readAfter(file, 0, 1000);
        assertEquals(
                List.of("complete"),
                chunk.entries().stream().map(LogEntry::message).toList());
        assertEquals(HEADER.length() + "complete\n".length(), chunk.nextOffset());
        assertEquals(1, source.tail(file, 5).size());

        Files.write(
                file, "ally written\n    and continued".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        assertTrue(
                source.readAfter(file, chunk.nextOffset(), 1000).entries().isEmpty(),
                "a record whose last line has no newline yet is not complete");

        Files.write(file, "\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        LogChunk rest = source.readAfter(file, chunk.nextOffset(), 1000);
        assertEquals(
                List.of("partially written\nand continued"),
                rest.entries().stream().map(LogEntry::message).toList());
        assertEquals(Files.size(file), rest.nextOffset());
    }

    @Test
    void invalidUtf8IsReplacedNeverThrown() throws IOException {
        Path file = dir.resolve("bad.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {'o', (byte) 0xC0, 'k', '\n'});
        bytes.writeBytes((HEADER + "bad ").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(
                new byte[] {(byte) 0xFF, (byte) 0xC3, '\n', ' ', ' ', ' ', ' ', (byte) 0x80, (byte) 0xFE, '\n'});
        Files.write(file, bytes.toByteArray());
        for (List<LogEntry> entries :
                List.of(source.tail(file, 10), source.readAfter(file, 0, 1000).entries())) {
            assertEquals(2, entries.size());
            assertEquals("o\uFFFDk", entries.get(0).message());
            assertEquals(null, entries.get(0).level());
            assertEquals("bad \uFFFD\uFFFD\n\uFFFD\uFFFD", entries.get(1).message());
            assertEquals(Level.INFO, entries.get(1).level());
        }
    }

    @Test
    void lineLongerThanMaxBytesStillMakesProgress() throws IOException {
        Path file = dir.resolve("long.log");
        Files.writeString(file, HEADER + "x".repeat(10_000) + "\n" + HEADER + "short\n" + "y".repeat(5_000) + "\n");
        List<LogEntry> all = new ArrayList<>();
        long offset = 0;
        for (int calls = 0; offset < Files.size(file); calls++) {
            assertTrue(calls < 10, "no progress");
            LogChunk chunk = source.readAfter(file, offset, 1000);
            assertTrue(chunk.nextOffset() > offset);
            all.addAll(chunk.entries());
            offset = chunk.nextOffset();
        }
        assertEquals(2, all.size());
        assertTrue(all.get(0).message().startsWith("xxxx"));
        assertTrue(all.get(0).message().length() < 2000, "cut to about maxBytes");
        assertTrue(all.get(0).message().endsWith(LogReading.CUT_MARKER));
        assertTrue(all.get(1).message().startsWith("short\n" + "yyy"));
    }

    @Test
    void offsetInsideALineSkipsToTheNextLine() throws IOException {
        Path file = dir.resolve("mid.log");
        Files.writeString(file, HEADER + "one\n" + HEADER + "two\n");
        LogChunk chunk = source.readAfter(file, 5, 1000);
        assertEquals(
                List.of("two"), chunk.entries().stream().map(LogEntry::message).toList());
        assertEquals(HEADER.length() + 4, chunk.entries().get(0).offset());
    }

    @Test
    void tailOfALargeFileReturnsTheLastRecords() throws IOException {
        RunInfo run = LogFiles.run(dir, "big");
        int total = 200_000;
        for (int i = 1; i <= total; i++) {
            sink.append(run, LogFiles.record(i, i % 1000 == 0 ? "record " + i + "\n  detail " + i : "record " + i));
        }
        sink.runEnded(run);

        long started = System.nanoTime();
        List<LogEntry> last = source.tail(run.logFile(), 1500);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(1500, last.size());
        for (int k = 0; k < 1500; k++) {
            int i = total - 1500 + 1 + k;
            assertEquals(
                    i % 1000 == 0 ? "record " + i + "\n  detail " + i : "record " + i,
                    last.get(k).message());
        }
        assertTrue(millis < 2_000, "tail took " + millis + " ms");
        assertEquals(
                "record " + total + "\n  detail " + total,
                source.tail(run.logFile(), 1).get(0).message());
        assertEquals(total, source.tail(run.logFile(), total + 5).size());
        LocalDateTime time = last.get(0).time();
        assertTrue(time != null && time.getYear() >= 2025);
    }

    @Test
    void tailOfAFileInAnotherFormatGivesItsLastLines() throws IOException {
        Path file = dir.resolve("plain.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(file, text);
        List<LogEntry> last = source.tail(file, 3);
        assertEquals(
                List.of("line 99997", "line 99998", "line 99999"),
                last.stream().map(LogEntry::message).toList());
        assertEquals(null, last.get(0).level());
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path file = dir.resolve("empty.log");
        Files.createFile(file);
        assertTrue(source.tail(file, 10).isEmpty());
        assertEquals(new LogChunk(List.of(), 0, false), source.readAfter(file, 0, 100));
        assertTrue(source.tail(file, 0).isEmpty());
        org.junit.jupiter.api.Assertions.assertThrows(
                java.nio.file.NoSuchFileException.class, () -> source.tail(dir.resolve("missing.log"), 1));
    }

    /** Metrics files are read through length, read and files: never one reached through a link out of its directory. */
    @Test
    void aFileThatIsALinkOutOfItsDirectoryIsNotThere() throws IOException {
        Path metrics = Files.createDirectories(dir.resolve("monitoring/metrics"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "1.000,0,password,1234.0\n");
        Path out = Files.createSymbolicLink(metrics.resolve("rabi_20261204_201503.csv"), secret);
        Path inside = Files.createSymbolicLink(
                metrics.resolve("sweep_20261204_201503.csv"),
                Files.writeString(metrics.resolve("kept.csv"), "1.000,0,T1_us,1.0\n"));
        org.junit.jupiter.api.Assertions.assertThrows(
                java.nio.file.NoSuchFileException.class, () -> source.length(out));
        org.junit.jupiter.api.Assertions.assertThrows(
                java.nio.file.NoSuchFileException.class, () -> source.read(out, 0, 100));
        assertEquals(
                List.of("kept.csv", "sweep_20261204_201503.csv"),
                source.files(metrics).stream()
                        .map(f -> f.path().getFileName().toString())
                        .sorted()
                        .toList());
        assertEquals(18, source.length(inside));
        assertEquals("T1_us", new String(source.read(inside, 8, 5), StandardCharsets.UTF_8));
        assertEquals(0, source.read(inside, 18, 5).length, "none past its end");
    }
}

package org.labwatch.internal.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labwatch.api.Level;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogRecord;

/** The reading rules on bytes held in memory, as a store without files hands them over. */
class LogReadingTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void recordsWithContinuationLinesReadBackAsTheyWereWritten() throws Exception {
        byte[] log = written(List.of("one", "two\nlines", "three"));

        LogChunk chunk = LogReading.readAfter(LogBytes.of(log), log.length, 0, 1 << 20);

        assertEquals(List.of("one", "two\nlines", "three"), messages(chunk.entries()));
        assertEquals(log.length, chunk.nextOffset());
        assertFalse(chunk.restarted());
        assertEquals(Level.INFO, chunk.entries().get(1).level());
    }

    @Test
    void aLastLineWithoutNewlineIsNotReturnedAndTheOffsetPointsAtIt() throws Exception {
        byte[] whole = written(List.of("done", "being written"));
        // Input: the log cut three bytes before its end, as a reader racing the writer sees it.
        int cut = whole.length - 3;
        long secondStart = written(List.of("done")).length;

        LogChunk chunk = LogReading.readAfter(LogBytes.of(whole), cut, 0, 1 << 20);

        assertEquals(List.of("done"), messages(chunk.entries()));
        assertEquals(secondStart, chunk.nextOffset());
        assertEquals(List.of("done"), messages(LogReading.tail(LogBytes.of(whole), cut, 10)));
    }

    @Test
    void anOffsetInsideALineMovesToTheNextLineStart() throws Exception {
        byte[] log = written(List.of("first", "second"));
        long secondStart = written(List.of("first")).length;

        LogChunk chunk = LogReading.readAfter(LogBytes.of(log), log.length, 5, 1 << 20);

        assertEquals(List.of("second"), messages(chunk.entries()));
        assertEquals(secondStart, chunk.entries().get(0).offset());
    }

    @Test
    void anOffsetPastTheEndRestartsAtZero() throws Exception {
        byte[] log = written(List.of("only"));

        LogChunk chunk = LogReading.readAfter(LogBytes.of(log), log.length, log.length + 100, 1 << 20);

        assertTrue(chunk.restarted());
        assertEquals(List.of("only"), messages(chunk.entries()));
    }

    @Test
    void linesBeforeTheFirstHeaderAreEntriesWithoutTime() throws Exception {
        byte[] log = ("Traceback (most recent call last):\n"
                        + new String(written(List.of("after")), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);

        List<LogEntry> entries =
                LogReading.readAfter(LogBytes.of(log), log.length, 0, 1 << 20).entries();

        assertEquals(2, entries.size());
        assertNull(entries.get(0).time());
        assertEquals("Traceback (most recent call last):", entries.get(0).message());
    }

    /** Bytes handed over a few at a time (a store's rows) read the same as bytes handed over whole. */
    @Test
    void shortReadsAndBlockBoundariesChangeNothing() throws Exception {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            messages.add(i % 11 == 0 ? "message " + i + "\nsecond line of " + i : "message " + i);
        }
        byte[] log = written(messages);
        assertTrue(log.length > 3 * 64 * 1024, "the log spans several 64 KiB blocks");
        LogBytes whole = LogBytes.of(log);
        LogBytes trickle = (into, position) -> {
            ByteBuffer few = into.slice().limit(Math.min(into.remaining(), 7));
            int n = whole.read(few, position);
            if (n > 0) {
                into.position(into.position() + n);
            }
            return n;
        };

        List<String> read = new ArrayList<>();
        long offset = 0;
        while (read.size() < messages.size()) {
            LogChunk chunk = LogReading.readAfter(trickle, log.length, offset, 4096);
            read.addAll(messages(chunk.entries()));
            assertTrue(chunk.nextOffset() > offset, "progress at " + offset);
            offset = chunk.nextOffset();
        }
        assertEquals(messages, read);
        assertEquals(messages.subList(4900, 5000), messages(LogReading.tail(trickle, log.length, 100)));
        assertEquals(LogReading.tail(whole, log.length, 1234), LogReading.tail(trickle, log.length, 1234));
    }

    private static byte[] written(List<String> messages) {
        RecordBytes encoder = new RecordBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long sequence = 0;
        for (String message : messages) {
            ByteBuffer bytes =
                    encoder.encode(new LogRecord(++sequence, T0.plusMillis(sequence), Level.INFO, message, null));
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
        return out.toByteArray();
    }

    private static List<String> messages(List<LogEntry> entries) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : entries) {
            out.add(e.message());
        }
        return out;
    }
}

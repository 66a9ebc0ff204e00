package org.labwatch.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;

/**
 * {@code tail} and {@code readAfter} of a log in the seed's format, whatever holds its bytes: the
 * file log source and a database store answer both with this one reading (docs/status-format.md,
 * "Reading: record boundaries"). Only complete records are returned, and the offset to continue
 * from never points into a record still being written.
 */
public final class LogReading {

    /** A record shown by {@code tail} keeps at most this much text; the rest is cut with {@link #CUT_MARKER}. */
    public static final int TAIL_ENTRY_BYTES = 256 * 1024;

    /** Ends the text of a record cut to its first bytes. */
    public static final String CUT_MARKER = EntryText.CUT_MARKER;

    private LogReading() {}

    /** The last {@code maxRecords} records of the first {@code size} bytes, oldest first. */
    public static List<LogEntry> tail(LogBytes log, long size, int maxRecords) throws IOException {
        if (maxRecords <= 0) {
            return List.of();
        }
        long start = TailStart.find(log, size, maxRecords);
        RecordReader reader = new RecordReader(log, start, size, TAIL_ENTRY_BYTES);
        ArrayDeque<LogEntry> last = new ArrayDeque<>(Math.min(maxRecords, 1024) + 1);
        for (LogEntry entry = reader.next(); entry != null; entry = reader.next()) {
            last.addLast(entry);
            if (last.size() > maxRecords) {
                last.removeFirst();
            }
        }
        return List.copyOf(last);
    }

    /**
     * Complete records of the first {@code size} bytes that start at or after {@code offset},
     * reading about {@code maxBytes}; from 0, marked restarted, when the log is shorter than the offset.
     */
    public static LogChunk readAfter(LogBytes log, long size, long offset, int maxBytes) throws IOException {
        if (offset < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException(
                    "offset must be >= 0 and maxBytes > 0, got " + offset + " and " + maxBytes);
        }
        boolean restarted = size < offset;
        long start = restarted ? 0 : lineStartFrom(log, offset, size);
        if (start < 0) {
            return new LogChunk(List.of(), offset, false);
        }
        RecordReader reader = new RecordReader(log, start, size, maxBytes);
        List<LogEntry> entries = new ArrayList<>();
        // The first record is returned whatever its size, so that a reader always makes
        // progress; after it, the budget decides.
        while (entries.isEmpty() || reader.position() - start < maxBytes) {
            LogEntry entry = reader.next();
            if (entry == null) {
                break;
            }
            entries.add(entry);
        }
        return new LogChunk(entries, reader.position(), restarted);
    }

    /**
     * {@code offset} itself when a line starts there, else the start of the next line, or -1
     * when no complete line follows yet: an offset from an old chunk is at a record start, but
     * one computed by a client may not be.
     */
    private static long lineStartFrom(LogBytes log, long offset, long size) throws IOException {
        if (offset == 0 || offset >= size) {
            return offset;
        }
        ByteBuffer block = ByteBuffer.allocate(8192);
        long at = offset - 1;
        while (at < size) {
            block.clear().limit((int) Math.min(block.capacity(), size - at));
            int read = log.read(block, at);
            if (read <= 0) {
                return -1;
            }
            for (int i = 0; i < read; i++) {
                if (block.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += read;
        }
        return -1;
    }
}

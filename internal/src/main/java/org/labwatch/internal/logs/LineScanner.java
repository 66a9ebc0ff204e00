package org.labwatch.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the lines of {@code [start, end)} of a log one at a time. A line keeps at most
 * {@code keep} bytes in memory, however long it is in the file, so one runaway line (a
 * megabyte of array dump, a binary file without newlines) cannot exhaust the heap; its
 * offsets still cover all of it.
 */
final class LineScanner {

    private static final int BLOCK = 64 * 1024;

    private final LogBytes log;
    private final long end;
    private final int keep;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long blockStart;

    /** The current line: file offsets (end after its '\n'), whether it had one, and its first bytes. */
    long lineStart;

    long lineEnd;
    boolean terminated;
    byte[] bytes = new byte[256];
    int length;
    boolean cut;

    LineScanner(LogBytes log, long start, long end, int keep) {
        this.log = log;
        this.end = end;
        this.keep = Math.max(keep, RecordHeader.MAX_PREFIX);
        this.blockStart = start;
        block.limit(0);
        lineEnd = start;
    }

    /** Moves to the next line; false at the end of the range. The '\n' (and a '\r' before it) is not kept. */
    boolean next() throws IOException {
        lineStart = lineEnd;
        length = 0;
        cut = false;
        terminated = false;
        while (true) {
            if (!block.hasRemaining() && !refill()) {
                return lineEnd > lineStart;
            }
            byte[] array = block.array();
            int from = block.position();
            int limit = block.limit();
            int i = from;
            while (i < limit && array[i] != '\n') {
                i++;
            }
            keepBytes(array, from, i - from);
            if (i < limit) {
                block.position(i + 1);
                lineEnd += i + 1 - from;
                terminated = true;
                if (length > 0 && bytes[length - 1] == '\r' && !cut) {
                    length--;
                }
                return true;
            }
            block.position(limit);
            lineEnd += limit - from;
        }
    }

    private void keepBytes(byte[] source, int from, int count) {
        int room = keep - length;
        if (count > room) {
            cut = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (length + count > bytes.length) {
            byte[] grown = new byte[Math.min(keep, Math.max(length + count, bytes.length * 2))];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
        System.arraycopy(source, from, bytes, length, count);
        length += count;
    }

    private boolean refill() throws IOException {
        blockStart += block.limit();
        long left = end - blockStart;
        if (left <= 0) {
            return false;
        }
        block.clear().limit((int) Math.min(BLOCK, left));
        int read = log.read(block, blockStart);
        block.flip();
        // A file truncated while we read ends the range early rather than spinning on it.
        return read > 0;
    }
}

package org.labwatch.internal.logs;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds where the last n records of a log begin by reading blocks backwards from the end, so
 * that showing the tail of a gigabyte log reads kilobytes, not the whole log. Counts header
 * lines; in a log with few or no headers (another tool's output) it gives up after
 * {@link #SCAN_LIMIT} bytes and starts at a line boundary there.
 */
final class TailStart {

    static final long SCAN_LIMIT = 16L * 1024 * 1024;
    private static final int BLOCK = 64 * 1024;
    private static final int HEAD = RecordHeader.MAX_PREFIX;

    private TailStart() {}

    static long find(LogBytes log, long size, int records) throws IOException {
        // The block being searched sits at buf[base, BLOCK); the first bytes of the block after
        // it are kept at buf[BLOCK, BLOCK + after), so that a header whose line starts right at
        // a block boundary is still recognised.
        byte[] buf = new byte[BLOCK + HEAD];
        long blockStart = size;
        int base = BLOCK;
        int after = 0;
        int found = 0;
        long lowestLineStart = -1;
        boolean unfinishedLastLine = false;
        while (blockStart > 0) {
            after = Math.min(HEAD, BLOCK - base);
            System.arraycopy(buf, base, buf, BLOCK, after);
            int length = (int) Math.min(BLOCK, blockStart);
            blockStart -= length;
            base = BLOCK - length;
            readFully(log, ByteBuffer.wrap(buf, base, length), blockStart);
            if (blockStart + length == size) {
                // After the last '\n' is a line still being written: not a record yet.
                unfinishedLastLine = buf[BLOCK - 1] != '\n';
            }
            for (int i = BLOCK - 1; i >= base - 1; i--) {
                boolean lineStart = i >= base ? buf[i] == '\n' : blockStart == 0;
                long offset = blockStart + (i + 1 - base);
                if (!lineStart || offset >= size) {
                    continue;
                }
                if (unfinishedLastLine) {
                    unfinishedLastLine = false;
                    continue;
                }
                lowestLineStart = offset;
                if (RecordHeader.matches(buf, i + 1, BLOCK + after - (i + 1)) && ++found == records) {
                    return offset;
                }
            }
            if (size - blockStart >= SCAN_LIMIT && lowestLineStart >= 0) {
                return lowestLineStart;
            }
        }
        return 0;
    }

    private static void readFully(LogBytes log, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = log.read(target, at);
            if (read < 0) {
                throw new EOFException("The log became shorter while its tail was read");
            }
            at += read;
        }
    }
}

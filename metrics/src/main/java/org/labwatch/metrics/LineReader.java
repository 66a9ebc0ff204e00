package org.labwatch.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Feeds the complete lines of a file region to a {@link LineParser}, a block at a time. A last
 * line without its {@code \n} is still being written and is left for the next read; a line longer
 * than any the format makes is counted as malformed without being held whole.
 */
final class LineReader {

    /** Far above a real line (two numbers, a name of at most 128 characters, a value). */
    static final int MAX_LINE = 64 * 1024;

    private static final int BLOCK = 1024 * 1024;

    private LineReader() {}

    /**
     * Reads {@code [from, to)} of the file.
     *
     * @return the offset after the last complete line, where the next read starts
     */
    static long read(FileChannel channel, long from, long to, LineParser parser) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(MAX_LINE, to - from)));
        byte[] b = buffer.array();
        long bufferStart = from; // file offset of b[0]
        long lineStart = from; // file offset of the first line not complete yet
        long position = from;
        boolean skipping = false; // inside an overlong line, until its \n
        while (position < to) {
            buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + (to - position)));
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break; // shorter than it was: replaced meanwhile; the next look sees it
            }
            position += n;
            int filled = buffer.position();
            int start = 0;
            for (int i = 0; i < filled; i++) {
                if (b[i] != '\n') {
                    continue;
                }
                if (skipping) {
                    // Counted once it is complete: an overlong line still being written is read again next time.
                    parser.overlong();
                    skipping = false;
                } else {
                    parser.line(b, start, i);
                }
                start = i + 1;
                lineStart = bufferStart + start;
            }
            int rest = filled - start;
            if (skipping || rest >= MAX_LINE) {
                skipping = true;
                bufferStart += filled; // not kept: only its end matters
                buffer.clear();
                continue;
            }
            System.arraycopy(b, start, b, 0, rest);
            bufferStart += start;
            buffer.position(rest);
        }
        return lineStart;
    }
}

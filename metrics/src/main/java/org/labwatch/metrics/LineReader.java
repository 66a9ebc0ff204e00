package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.Path;
import org.labwatch.spi.LogSource;

/**
 * Feeds the complete lines of a region of a metrics file, read through the {@link LogSource} a
 * chunk at a time, to a {@link LineParser}. A last line without its {@code \n} is still being
 * written and is left for the next read; a line longer than any the format makes is counted as
 * malformed without being held whole.
 */
final class LineReader {

    /** Far above a real line (two numbers, a name of at most 128 characters, a value). */
    static final int MAX_LINE = 64 * 1024;

    /**
     * Bytes asked of the source at a time: below G1's humongous-object size (half a region, 512 KiB
     * with the 1 MiB regions of the server's 512 MB heap), so each chunk is an ordinary short-lived
     * allocation, and at most one of the 1 MiB pieces a database store keeps an appended file in.
     */
    static final int CHUNK = 256 * 1024;

    /** {@link #read}'s answer when the file is not the one read before: read it again from its start. */
    static final long REPLACED = -1;

    private LineReader() {}

    /**
     * Reads {@code [from, to)} of the file. The byte before {@code from} is read too: the end of a
     * line when {@code from} is where an earlier read ended. A file replaced by a shorter one is seen
     * by its length; this check sees most replacements by a longer one too (append-only files are
     * never rewritten, but an editor's save replaces a file).
     *
     * @param atLineStart {@code from} is where an earlier read of this file ended (a line starts
     *     there); otherwise it is a length noted without reading, and a line begun before it is skipped
     * @return the offset after the last complete line, where the next read starts; {@link #REPLACED}
     *     when {@code atLineStart} and no line ends just before {@code from}
     */
    static long read(LogSource source, Path file, long from, long to, boolean atLineStart, LineParser parser)
            throws IOException {
        byte[] carry = null; // the start of a line that continues in the next chunk
        int carried = 0;
        boolean overlong = false; // inside an overlong line, until its \n
        boolean begunBefore = false; // inside a line begun before from, until its \n
        boolean checkBefore = from > 0;
        long lineStart = from; // file offset of the first line not complete yet
        long position = checkBefore ? from - 1 : from;
        while (position < to) {
            byte[] b = source.read(file, position, (int) Math.min(CHUNK, to - position));
            if (b.length == 0) {
                break; // shorter than it was: replaced meanwhile; the next look sees it
            }
            long chunkStart = position;
            position += b.length;
            int start = 0;
            if (checkBefore) {
                checkBefore = false;
                start = 1;
                if (b[0] != '\n') {
                    if (atLineStart) {
                        return REPLACED;
                    }
                    begunBefore = true;
                }
            }
            for (int i = start; i < b.length; i++) {
                if (b[i] != '\n') {
                    continue;
                }
                if (begunBefore) {
                    begunBefore = false; // its beginning was history
                } else if (overlong) {
                    // Counted once it is complete: an overlong line still being written is read again next time.
                    parser.overlong();
                    overlong = false;
                } else if (carried > 0) {
                    int length = i - start;
                    if (carried + length >= MAX_LINE) {
                        parser.overlong();
                    } else {
                        System.arraycopy(b, start, carry, carried, length);
                        parser.line(carry, 0, carried + length);
                    }
                    carried = 0;
                } else {
                    parser.line(b, start, i);
                }
                start = i + 1;
                lineStart = chunkStart + start;
            }
            int rest = b.length - start;
            if (overlong || begunBefore || rest == 0) {
                continue;
            }
            if (carried + rest >= MAX_LINE) {
                overlong = true;
                carried = 0;
                continue;
            }
            if (carry == null) {
                carry = new byte[MAX_LINE];
            }
            System.arraycopy(b, start, carry, carried, rest);
            carried += rest;
        }
        return lineStart;
    }
}

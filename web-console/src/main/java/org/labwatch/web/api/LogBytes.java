package org.labwatch.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.labwatch.spi.LogSource;

/**
 * A log's bytes as the log source holds them, up to the length it had when the download began (the
 * log may grow meanwhile), read in pieces of {@link #PIECE} bytes: a log of hundreds of MB is sent
 * without being held, and the source need not keep it as a file.
 */
final class LogBytes extends InputStream {

    /** One read of the source; 64 KiB, as the log follower's chunks. */
    static final int PIECE = 64 * 1024;

    private final LogSource source;
    private final Path file;
    private final long length;
    private long offset;
    private byte[] piece = new byte[0];
    private int at;

    LogBytes(LogSource source, Path file, long length) {
        this.source = source;
        this.file = file;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        return fill() ? piece[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, piece.length - at);
        System.arraycopy(piece, at, b, off, n);
        at += n;
        return n;
    }

    /** False at the end: the length reached, or the log shorter now than it was (replaced). */
    private boolean fill() throws IOException {
        if (at < piece.length) {
            return true;
        }
        if (offset >= length) {
            return false;
        }
        piece = source.read(file, offset, (int) Math.min(PIECE, length - offset));
        at = 0;
        offset += piece.length;
        return piece.length > 0;
    }
}

package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.labwatch.internal.logs.LogBytes;

/**
 * The first {@code length} bytes of a stored log, as the shared log reading asks for them (blocks of
 * 64 KiB, forwards or backwards), fetched a window at a time: a tail or a read after an offset
 * usually stays within one window, so it costs one query besides the length. Bytes below a log's
 * length never change (it is only appended to), so windows fetched one after the other fit together.
 */
final class StoredLogBytes implements LogBytes {

    /** Four of the readers' blocks: a tail of a few hundred records and its forward read fit in one. */
    static final int WINDOW = 256 * 1024;

    private final StoredFiles files;
    private final Path file;
    private final long length;
    private long windowStart;
    private byte[] window = new byte[0];

    StoredLogBytes(StoredFiles files, Path file, long length) {
        this.files = files;
        this.file = file;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        if (position >= length) {
            return -1;
        }
        if (!into.hasRemaining()) {
            return 0;
        }
        if (position < windowStart || position >= windowStart + window.length) {
            fetch(position, into.remaining());
        }
        int at = (int) (position - windowStart);
        int n = Math.min(into.remaining(), window.length - at);
        into.put(window, at, n);
        return n;
    }

    /**
     * A window around {@code position}: one that ends at the block asked for when reading
     * backwards from the end (a tail), else one that starts there.
     */
    private void fetch(long position, int wanted) throws IOException {
        int size = Math.max(WINDOW, wanted);
        long start = position;
        if (position + wanted >= length || position < windowStart) {
            start = Math.max(0, Math.min(position, position + wanted - size));
        }
        long end = Math.min(length, start + size);
        byte[] bytes = files.read(file, start, (int) (end - start));
        if (bytes.length == 0 || start + bytes.length <= position) {
            throw new IOException(file + " holds fewer bytes than its length of " + length + " says");
        }
        windowStart = start;
        window = bytes;
    }
}

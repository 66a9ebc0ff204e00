package org.labwatch.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a log's bytes are read from by position: a file's channel ({@code channel::read}), a byte
 * array, or a store's rows. The readers here ask for blocks of 64 KiB, forwards or backwards.
 */
@FunctionalInterface
public interface LogBytes {

    /**
     * Copies bytes from {@code position} on into {@code into}, as {@link java.nio.channels.FileChannel#read(ByteBuffer,
     * long)} does: up to {@code into.remaining()}, at least one unless at the end.
     *
     * @return how many were copied, -1 at or past the end
     */
    int read(ByteBuffer into, long position) throws IOException;

    /** The bytes of a whole log held in memory. */
    static LogBytes of(byte[] bytes) {
        return (into, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(into.remaining(), bytes.length - position);
            into.put(bytes, (int) position, n);
            return n;
        };
    }
}

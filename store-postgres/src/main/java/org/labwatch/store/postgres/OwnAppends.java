package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.labwatch.spi.MirrorOffsetException;

/**
 * Appends of this node's own runs (records, metric values) at the length the writer last saw, so
 * that a write retried after a lost answer never lands twice: the database may have committed a
 * write whose answer never came (a connection cut at the commit, {@code pg_ctl restart -m immediate}),
 * and the monitor then hands the same bytes over again. Those bytes, found at the offset they were
 * meant for, mean done. Bytes of another writer found there (a second run started in the same
 * second, which shares the log, or another node) mean: append after them.
 */
final class OwnAppends {

    /** Each attempt lost to another writer's append is followed by one after it; more means a busy file, not a loop. */
    private static final int ATTEMPTS = 16;

    private final StoredFiles files;

    OwnAppends(StoredFiles files) {
        this.files = files;
    }

    /** The length of an appended file now; 0 for none. */
    long length(Path file) throws IOException {
        return files.file(file).map(FileRow::length).orElse(0L);
    }

    /**
     * Appends {@code bytes[0, length)} at {@code expected} (the file's length as the writer knows it),
     * or after what another writer added meanwhile.
     *
     * @return the file's length after these bytes
     */
    long append(Path file, FileKind kind, long expected, byte[] bytes, int length) throws IOException {
        byte[] exact = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        long offset = expected;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return files.append(file, kind, offset, exact);
            } catch (MirrorOffsetException moved) {
                long stored = moved.storedLength();
                if (stored >= offset + exact.length
                        && offset >= 0
                        && Arrays.equals(files.read(file, offset, exact.length), exact)) {
                    // the earlier attempt was committed; its answer was lost
                    return offset + exact.length;
                }
                offset = stored;
            }
        }
        throw new IOException(
                "cannot append to " + file + ": other writers appended to it at each of " + ATTEMPTS + " attempts");
    }
}

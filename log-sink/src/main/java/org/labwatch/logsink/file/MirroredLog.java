package org.labwatch.logsink.file;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.labwatch.internal.files.FileLocks;
import org.labwatch.logsink.file.FileLogSink.FsyncPolicy;
import org.labwatch.spi.MirrorOffsetException;

/**
 * Copies of logs written on another machine, appended by offset: the bytes land only where the
 * copy ends, so a resent chunk can neither leave a gap nor repeat lines. Each append opens the file,
 * writes and closes it: a server mirrors many files from many machines, and a handle held per file
 * would pile up.
 */
final class MirroredLog {

    /** What the seed's format writes between time and message of an ERROR record. */
    private static final byte[] ERROR_MARK = " - ERROR - ".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<FsyncPolicy> fsync;
    private final FileLocks locks = new FileLocks();
    private long syncs;

    MirroredLog(Supplier<FsyncPolicy> fsync) {
        this.fsync = fsync;
    }

    long append(Path file, long offset, byte[] bytes) throws IOException {
        try (FileLocks.Held held = locks.lock(file)) {
            long length = length(file);
            if (offset != length) {
                throw new MirrorOffsetException(file, offset, length);
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            // A stream, not a FileChannel: an interrupt of the calling thread would close a channel
            // half way. Should the write fail part way (disk full), the copy holds a prefix of the
            // sender's bytes at this offset, and its length tells the sender where to go on.
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write(bytes);
                if (mustSync(bytes)) {
                    out.getFD().sync();
                    countSync();
                }
            }
            return length + bytes.length;
        }
    }

    static long length(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** The sink's policy, applied to shipped bytes: ON_ERROR when they hold an ERROR record of the seed's format. */
    private boolean mustSync(byte[] bytes) {
        FsyncPolicy policy = fsync.get();
        return policy == FsyncPolicy.ALWAYS || policy == FsyncPolicy.ON_ERROR && contains(bytes, ERROR_MARK);
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private synchronized void countSync() {
        syncs++;
    }

    /** How often shipped bytes were forced to the disk, for a test to see what the fsync setting did. */
    synchronized long syncs() {
        return syncs;
    }

    /** Files locked or waited for now, for a test to see that no lock outlives its append. */
    int lockedFiles() {
        return locks.size();
    }
}

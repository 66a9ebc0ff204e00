package org.labwatch.logsink.file;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.labwatch.api.Level;
import org.labwatch.internal.logs.RecordBytes;
import org.labwatch.logsink.file.FileLogSink.FsyncPolicy;
import org.labwatch.spi.LogRecord;

/**
 * The open log file of one run and the buffers to render its records. Records of a run come
 * from one thread at a time, so the buffers are reused without copying; the methods are still
 * synchronized because {@code runEnded} and deactivation may close from another thread.
 */
final class RunLog {

    private static final Logger LOG = System.getLogger(RunLog.class.getName());
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private final Supplier<FsyncPolicy> fsync;
    private final RecordBytes encoder = new RecordBytes();

    // A stream, not a FileChannel: a channel is closed by an interrupt of the writing thread, and
    // experiments interrupt their workers; FileOutputStream writes are not interruptible.
    private FileOutputStream channel;
    private Object fileKey;
    private long nextCheck;
    private boolean vanishedUnannounced;
    private boolean ended;
    private long syncs;

    RunLog(Path file, Supplier<FsyncPolicy> fsync) {
        this.file = file;
        this.fsync = fsync;
    }

    /**
     * @return false when this run log was closed for good meanwhile (the run ended on another
     *         thread); the caller then starts a new one rather than leak a channel nobody closes
     */
    synchronized boolean append(LogRecord record) throws IOException {
        if (ended) {
            return false;
        }
        try {
            if (channel != null && System.nanoTime() - nextCheck >= 0 && vanished()) {
                LOG.log(Logger.Level.WARNING, vanishedWarning());
                vanishedUnannounced = true;
                close(null);
            }
            if (channel == null) {
                open();
            }
            if (vanishedUnannounced) {
                // Said in the new file too, so a reader of the log sees why earlier lines are missing.
                write(new LogRecord(0, Instant.now(), Level.WARNING, vanishedWarning(), null));
                vanishedUnannounced = false;
            }
            write(record);
            return true;
        } catch (IOException e) {
            // The next append reopens: a full disk or a lost mount may have recovered by then.
            close(e);
            throw e;
        }
    }

    synchronized void close() {
        ended = true;
        close(null);
    }

    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        channel = new FileOutputStream(file.toFile(), true);
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
    }

    /** Deleted, moved away or replaced by another file: our channel no longer writes to {@code file}. */
    private boolean vanished() throws IOException {
        nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return !Objects.equals(key, fileKey);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private String vanishedWarning() {
        return "The log file " + file + " had disappeared (deleted or moved); writing continues in a new file";
    }

    private void write(LogRecord record) throws IOException {
        ByteBuffer bytes = encoder.encode(record);
        // One record, one write sequence, nothing kept back: after this the bytes belong to
        // the OS and survive a SIGKILL of the JVM; O_APPEND keeps records of two writers whole.
        channel.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        FsyncPolicy policy = fsync.get();
        if (policy == FsyncPolicy.ALWAYS || policy == FsyncPolicy.ON_ERROR && record.level() == Level.ERROR) {
            channel.getFD().sync();
            syncs++;
        }
    }

    /** How often records were forced to the disk: what the fsync setting did, for a test to see. */
    synchronized long syncs() {
        return syncs;
    }

    private void close(Exception cause) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.log(Logger.Level.WARNING, "Closing log file " + file + " failed", e);
            }
        } finally {
            channel = null;
        }
    }
}

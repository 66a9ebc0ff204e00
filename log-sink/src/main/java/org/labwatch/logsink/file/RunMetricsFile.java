package org.labwatch.logsink.file;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.labwatch.internal.metrics.MetricLines;
import org.labwatch.spi.MetricBatch;

/**
 * The open metrics file of one run. Each batch is one write of whole lines to a file opened for
 * append ({@code O_APPEND}): when {@link #append} returns, the values belong to the operating
 * system and survive a killed JVM, and lines of two writers never interleave. The methods are
 * synchronized because the run's end may close the file from another thread.
 */
final class RunMetricsFile {

    private static final Logger LOG = System.getLogger(RunMetricsFile.class.getName());

    private final Path file;
    private final MetricLines lines = new MetricLines();

    // A stream, not a FileChannel: the last batch is written by the thread that closes the monitor,
    // an experiment's thread that may be interrupted, and an interrupt closes a channel.
    private FileOutputStream out;
    private Object fileKey;
    private boolean ended;

    RunMetricsFile(Path file) {
        this.file = file;
    }

    /**
     * @return false when this file was closed for good meanwhile (the run ended on another thread);
     *         the caller then starts a new one rather than leak a stream nobody closes
     * @throws IOException when the batch was not written; whatever part of it reached the file is
     *                     cut off again when possible, so that the caller's retry does not write
     *                     values twice
     */
    synchronized boolean append(MetricBatch batch) throws IOException {
        if (ended) {
            return false;
        }
        int n = batch.size();
        if (n == 0) {
            return true;
        }
        long before;
        try {
            before = prepare();
        } catch (IOException e) {
            close(e);
            throw e;
        }
        for (int i = 0; i < n; i++) {
            lines.add(batch, i);
        }
        try {
            out.write(lines.bytes(), 0, lines.length());
            return true;
        } catch (IOException e) {
            // A full disk takes what fits and refuses the rest: a partial line would glue itself to the
            // retried batch and the lines before it would appear twice.
            cutBackTo(before, lines.length(), e);
            close(e);
            throw e;
        }
    }

    synchronized void close() {
        ended = true;
        close(null);
    }

    /**
     * Opens the file when needed (again, after it vanished) and starts the batch's bytes for it;
     * @return its size before this write
     */
    private long prepare() throws IOException {
        if (out != null) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                if (Objects.equals(a.fileKey(), fileKey)) {
                    // Our own earlier writes were whole lines (a failed one is cut back and closes the file).
                    lines.begin(a.size(), '\n');
                    return a.size();
                }
            } catch (NoSuchFileException e) {
                // handled below as a vanished file
            }
            LOG.log(
                    Logger.Level.WARNING,
                    "The metrics file " + file
                            + " had disappeared (deleted or moved); writing continues in a new file");
            close(null);
        }
        Files.createDirectories(file.getParent());
        out = new FileOutputStream(file.toFile(), true);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        fileKey = a.fileKey();
        long size = a.size();
        lines.begin(size, size == 0 ? '\n' : lastByte(size));
        return size;
    }

    private int lastByte(long size) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "r")) {
            r.seek(size - 1);
            return r.read();
        }
    }

    /** Only when the file holds nothing after {@code before} but part of this write: never cuts another writer's lines. */
    private void cutBackTo(long before, int written, IOException cause) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (Objects.equals(a.fileKey(), fileKey) && a.size() > before && a.size() <= before + written) {
                try (RandomAccessFile r = new RandomAccessFile(file.toFile(), "rw")) {
                    r.setLength(before);
                }
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void close(Exception cause) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.log(Logger.Level.WARNING, "Closing metrics file " + file + " failed", e);
            }
        } finally {
            out = null;
        }
    }
}

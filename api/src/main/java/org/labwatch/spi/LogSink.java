package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Receives every record of every run, in order. A monitor fans each record out to all bound
 * sinks; when a sink throws, that monitor holds the record and those after it in a bounded
 * backlog and hands them over again, in order, once the sink works again.
 *
 * <p>Implementations must be thread-safe across runs; records of one run arrive from one
 * thread at a time.
 */
public interface LogSink {

    /** Service property naming the kind of sink ("file", "karaf-log"), for {@code target} filters. */
    String TYPE = "labwatch.sink.type";

    /**
     * Writes one record. When this returns normally the record has reached the sink's medium
     * (for files: the operating system, so a killed JVM does not lose it).
     *
     * @throws IOException when the record could not be written; the caller retries it later
     */
    void append(RunInfo run, LogRecord record) throws IOException;

    /** The run ended: release what the sink holds for it (open files). */
    void runEnded(RunInfo run);

    /** A short description for {@code labwatch:sinks}, e.g. the kind and where it writes. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * Appends bytes of a log written on another machine (a remote run's, shipped by offset) to its
     * copy here, byte for byte, when {@code offset} equals the copy's stored length; creates the copy
     * (and its directory) at offset 0. When this returns the bytes have reached the sink's medium, as
     * for {@link #append}. Only sinks that keep copies (the file sink) support it.
     *
     * @return the copy's length after the append
     * @throws MirrorOffsetException when {@code offset} is not the stored length; nothing is written
     * @throws UnsupportedOperationException when this sink keeps no copies
     * @since 3.0
     */
    default long appendMirrored(Path file, long offset, byte[] bytes) throws IOException {
        throw new UnsupportedOperationException(describe() + " keeps no copies of logs written elsewhere");
    }

    /**
     * The stored length of a copy {@link #appendMirrored} writes; 0 when there is none yet.
     *
     * @throws UnsupportedOperationException when this sink keeps no copies
     * @since 3.0
     */
    default long mirroredLength(Path file) throws IOException {
        throw new UnsupportedOperationException(describe() + " keeps no copies of logs written elsewhere");
    }

    /**
     * {@link #mirroredLength} of every copy directly in {@code dir}, by file name: what a shipper
     * may resume from. Only names a shipper could have sent (no hidden or temporary files); empty
     * when the directory does not exist.
     *
     * @since 3.2
     */
    default Map<String, Long> mirroredLengths(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (org.labwatch.api.Names.lookupProblem(name) == null && Files.isRegularFile(file)) {
                    out.put(name, mirroredLength(file));
                }
            }
        } catch (NoSuchFileException e) {
            // nothing shipped there yet
        }
        return out;
    }
}

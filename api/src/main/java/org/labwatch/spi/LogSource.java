package org.labwatch.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads log files back, also while a monitor (or another process) is still writing them; finds a
 * run's log and follows log directories, so that readers (the index, the dashboard) never list or
 * watch log directories themselves.
 */
public interface LogSource {

    /** The last {@code maxRecords} records, oldest first. */
    List<LogEntry> tail(Path logFile, int maxRecords) throws IOException;

    /** Complete records that start at or after {@code offset}, reading at most about {@code maxBytes}. */
    LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException;

    /**
     * A run's log in these directories, the first directory first: {@code namedFile} (the file its
     * status names; may be null) where it is, else the newest {@code <experimentName>_YYYYmmdd_HHMMSS.log}
     * (writers such as the Python tool name none). Never a file reached through a link that leads
     * out of its directory. Empty when there is none, or when the directories cannot be read.
     *
     * @since 2.0
     */
    Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile);

    /**
     * Follows the files of these directories until the subscription is closed: the files there
     * now are told as {@link LogFileListener#existing existing}; those that appear, grow or are
     * replaced afterwards as {@link LogFileListener#changed changed}, also in a directory that
     * appears later. Directories that do not exist yet are looked for. Every regular file that is
     * not hidden is told, whatever its name (logs, metrics files): a listener picks its own.
     *
     * @since 2.0
     */
    Subscription watch(List<Path> logDirs, LogFileListener listener);

    /**
     * The length in bytes of an append-only file this source reads (a log, a metrics file). The
     * default reads the file system; a store that keeps no files answers from its own records.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @since 3.2
     */
    default long length(Path file) throws IOException {
        return Files.size(file);
    }

    /**
     * Up to {@code maxBytes} raw bytes of an append-only file from {@code offset} on; fewer at its
     * end, none past it. For readers that parse a format of their own (metrics files, downloads).
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @since 3.2
     */
    default byte[] read(Path file, long offset, int maxBytes) throws IOException {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative: " + offset + ", " + maxBytes);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int wanted = (int) Math.max(0, Math.min(maxBytes, size - offset));
            ByteBuffer buffer = ByteBuffer.allocate(wanted);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.position() == wanted ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * The regular files directly in {@code dir} (no hidden ones), in no particular order; empty
     * when the directory does not exist.
     *
     * @since 3.2
     */
    default List<StoredFile> files(Path dir) throws IOException {
        List<StoredFile> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isRegularFile()) {
                    out.add(new StoredFile(file, a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            // no such directory: nothing stored there yet
        }
        return out;
    }
}

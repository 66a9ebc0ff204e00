package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.labwatch.api.ExperimentStatus;

/** Reads and writes {@code <name>_status.json} files, written by labwatch or by anyone else. */
public interface StatusStore {

    /** Service property naming the storage kind ("json"), for {@code target} filters. */
    String TYPE = "labwatch.store.type";

    /** Replaces the file atomically: a reader sees the old or the new content, never a mix. */
    void write(Path statusFile, ExperimentStatus status) throws IOException;

    /**
     * The whole status, messages and errors included. Never throws for bad content: an unreadable
     * file gives a reading that carries the reason.
     */
    StatusReading read(Path statusFile);

    /**
     * Keeps the status file of an earlier run: renames it to {@code <name>_<start>_status.json}
     * (start from its {@code start_time}, else its modification time). Does nothing when there is none.
     *
     * @return the new path of the earlier run's file
     */
    Optional<Path> keepEarlierRun(Path statusFile) throws IOException;

    /**
     * Every status file in these directories, readable or not; missing directories are skipped.
     * A store may give each reading's {@link StatusReading#listView() list view} (since 1.3): a
     * list keeps thousands of them, and {@link #read} gives the whole status of one.
     */
    List<StatusReading> list(Collection<Path> statusDirs);

    /**
     * Reports changes in these directories (files from other writers included) from a directory
     * watch, with a periodic rescan for file systems that deliver no watch events. The files there
     * now come first, as {@code ADDED}; a store that reports them before returning lets a caller
     * that lists afterwards miss nothing in between. A watch reports what the file system tells; a
     * caller that must not miss a lost event relists now and then (the experiment index does).
     */
    Subscription watch(Collection<Path> statusDirs, StatusListener listener);

    /**
     * Replaces a status file with one written on another machine (a remote run's), keeping its bytes
     * as they are (fields this store does not know included), atomically as {@link #write}. The bytes
     * are checked first: they must read as a status, within the store's size limit.
     *
     * @throws IllegalArgumentException saying why the bytes are not a readable status; nothing is written
     * @throws UnsupportedOperationException when this store cannot keep such copies
     * @since 3.0
     */
    default void writeMirrored(Path statusFile, byte[] json) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no copies of status files");
    }

    /**
     * The raw bytes of a status file as stored, for a download of it; no check of its content.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @since 3.2
     */
    default byte[] readBytes(Path statusFile) throws IOException {
        return Files.readAllBytes(statusFile);
    }

    /**
     * The status directories {@code <dir>/<d1>/.../<dDepth>/monitoring/status} that hold or held
     * status files in this store, sorted; how the index finds the runs shipped from other machines
     * ({@code depth} 2: source and root) without listing directories itself. Empty when
     * {@code dir} does not exist. Names starting with a dot are skipped.
     *
     * @since 3.2
     */
    default List<Path> statusDirectoriesBelow(Path dir, int depth) throws IOException {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative: " + depth);
        }
        List<Path> level = List.of(dir);
        for (int i = 0; i < depth; i++) {
            List<Path> next = new ArrayList<>();
            for (Path parent : level) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, Files::isDirectory)) {
                    for (Path child : children) {
                        if (!child.getFileName().toString().startsWith(".")) {
                            next.add(child);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile, or not there yet
                }
            }
            level = next;
        }
        List<Path> out = new ArrayList<>();
        for (Path parent : level) {
            Path status = parent.resolve("monitoring").resolve("status");
            if (Files.isDirectory(status)) {
                out.add(status);
            }
        }
        out.sort(null);
        return out;
    }
}

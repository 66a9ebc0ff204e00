package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.Path;
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
}

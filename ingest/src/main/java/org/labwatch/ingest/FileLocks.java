package org.labwatch.ingest;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per file, so that requests for one file are handled one after the other while requests
 * for different files, roots or sources never wait for each other. An entry lives only while someone
 * holds or waits for it: a server that takes thousands of files keeps no lock per file it ever saw.
 */
final class FileLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** Closing releases the lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

    Held lock(Path file) {
        Path key = file.toAbsolutePath().normalize();
        Entry entry = entries.compute(key, (k, e) -> {
            Entry held = e == null ? new Entry() : e;
            held.users++;
            return held;
        });
        entry.lock.lock();
        return () -> {
            entry.lock.unlock();
            entries.compute(key, (k, e) -> --e.users == 0 ? null : e);
        };
    }

    /** Files locked or waited for now; none once every request has been answered. */
    int size() {
        return entries.size();
    }
}

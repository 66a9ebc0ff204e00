package org.labwatch.logsink.file;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per mirrored file, held while its length is checked and the bytes appended: two appends
 * at the same offset must not both see it free. Kept only while someone holds or waits for it, so a
 * server that mirrors thousands of files keeps no lock per file it ever saw.
 */
final class MirrorLocks {

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

    /** Files someone holds or waits for now: none once every append has returned. */
    int size() {
        return entries.size();
    }
}

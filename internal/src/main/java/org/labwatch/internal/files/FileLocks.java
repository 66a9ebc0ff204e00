package org.labwatch.internal.files;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per file, so that work on one file (a shipped log's length checked and its bytes
 * appended, a status replaced with its version noted) happens one at a time while work on different
 * files never waits. An entry lives only while someone holds or waits for it: a server that takes
 * thousands of files keeps no lock per file it ever saw.
 */
public final class FileLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** Closing releases the lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

    public Held lock(Path file) {
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

    /** Files locked or waited for now; none once every holder has let go. */
    public int size() {
        return entries.size();
    }
}

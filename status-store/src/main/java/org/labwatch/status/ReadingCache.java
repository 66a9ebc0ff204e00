package org.labwatch.status;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.labwatch.internal.files.FileVersion;

/**
 * What was read from a file, valid while it is the same {@link FileVersion} (size, time, inode):
 * re-listing thousands of quiet experiments costs a stat each, not a parse. Least recently used
 * entries go first.
 */
final class ReadingCache<T> {

    private record Entry<T>(FileVersion version, T value) {}

    private final Map<Path, Entry<T>> entries;

    ReadingCache(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized T get(Path file, FileVersion version) {
        Entry<T> e = entries.get(file);
        return e != null && e.version().equals(version) ? e.value() : null;
    }

    /** What was read last from the file, whatever version it was. */
    synchronized T latest(Path file) {
        Entry<T> e = entries.get(file);
        return e == null ? null : e.value();
    }

    synchronized void put(Path file, FileVersion version, T value) {
        entries.put(file, new Entry<>(version, value));
    }

    synchronized void remove(Path file) {
        entries.remove(file);
    }

    synchronized void clear() {
        entries.clear();
    }
}

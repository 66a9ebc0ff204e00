package org.labwatch.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What was read from a file, valid while its inode, modification time and size are unchanged:
 * re-listing thousands of quiet experiments costs a stat each, not a parse. Least recently used
 * entries go first.
 */
final class ReadingCache<T> {

    private record Entry<T>(Object fileKey, Instant modified, long size, T value) {
    }

    private final Map<Path, Entry<T>> entries;

    ReadingCache(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @param fileKey the inode where the file system has one: an atomic replace always changes it */
    synchronized T get(Path file, Object fileKey, Instant modified, long size) {
        Entry<T> e = entries.get(file);
        boolean same = e != null && size == e.size() && modified.equals(e.modified())
                && Objects.equals(fileKey, e.fileKey());
        return same ? e.value() : null;
    }

    /** Nothing is kept without a modification time: nothing could tell that it is still valid. */
    synchronized void put(Path file, Object fileKey, Instant modified, long size, T value) {
        if (modified != null) {
            entries.put(file, new Entry<>(fileKey, modified, size, value));
        }
    }

    synchronized void remove(Path file) {
        entries.remove(file);
    }

    synchronized void clear() {
        entries.clear();
    }
}

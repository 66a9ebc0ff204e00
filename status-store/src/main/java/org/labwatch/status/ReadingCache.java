package org.labwatch.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.labwatch.spi.StatusReading;

/**
 * Readings by file, valid while modification time and size are unchanged: re-listing thousands
 * of quiet experiments costs a stat each, not a parse. Least recently used entries go first.
 */
final class ReadingCache {

    private record Entry(Object fileKey, StatusReading reading) {
    }

    private final Map<Path, Entry> entries;

    ReadingCache(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @param fileKey the inode where the file system has one: an atomic replace always changes it */
    synchronized StatusReading get(Path file, Object fileKey, Instant modified, long size) {
        Entry e = entries.get(file);
        if (e == null) {
            return null;
        }
        StatusReading r = e.reading();
        boolean same = size == r.size() && modified.equals(r.modified()) && java.util.Objects.equals(fileKey, e.fileKey());
        return same ? r : null;
    }

    synchronized void put(Object fileKey, StatusReading reading) {
        if (reading.modified() != null) {
            entries.put(reading.file(), new Entry(fileKey, reading));
        }
    }

    synchronized void clear() {
        entries.clear();
    }
}

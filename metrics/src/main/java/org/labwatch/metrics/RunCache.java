package org.labwatch.metrics;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed metrics files, least recently used first, holding at most {@code maxValues} values
 * together: a dashboard looks at a few runs at a time, and a server that kept every run it was
 * ever asked about would run out of heap. A run dropped here is parsed again when asked for.
 */
final class RunCache {

    private final LinkedHashMap<Path, RunData> runs = new LinkedHashMap<>(16, 0.75f, true);

    synchronized RunData get(Path file) {
        return runs.computeIfAbsent(file, RunData::new);
    }

    synchronized void remove(Path file, RunData data) {
        runs.remove(file, data);
    }

    /** Drops the least recently used runs other than {@code keep} until the total fits {@code maxValues}. */
    synchronized void trim(RunData keep, long maxValues) {
        long total = 0;
        for (RunData d : runs.values()) {
            total += d.values();
        }
        for (Iterator<Map.Entry<Path, RunData>> it = runs.entrySet().iterator(); it.hasNext() && total > maxValues; ) {
            RunData d = it.next().getValue();
            if (d != keep) {
                total -= d.values();
                it.remove();
            }
        }
    }

    /** Forgets every run: what another source holds under the same paths is read anew. */
    synchronized void clear() {
        runs.clear();
    }

    synchronized int size() {
        return runs.size();
    }

    synchronized long values() {
        long total = 0;
        for (RunData d : runs.values()) {
            total += d.values();
        }
        return total;
    }
}

package org.labwatch.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;

/**
 * The experiments of the watched status directories as the status watch last told, sorted as
 * {@link org.labwatch.spi.StatusStore#list} sorts them. Listing 10,000 files costs a readdir and
 * 20,000 stats (40-80 ms on the benchmark machine), which every {@code GET /api/experiments} would
 * pay; this costs a copy when something changed. A full listing replaces it now and then
 * ({@link #replaceAll}), so an event lost by the watch is not lost for good; what an event
 * reported while that listing ran wins over the listing.
 *
 * <p>The order is kept as files come and go ({@code byOrder}), so a change costs a tree insert and
 * the next {@link #sorted} a copy: sorting 100,000 readings anew after each change cost 40-80 ms, and
 * the index's first pass makes 100,000 changes while the list is being asked for.
 */
final class StatusSnapshot implements StatusListener {

    static final Comparator<StatusReading> ORDER =
            Comparator.comparing(StatusReading::id).thenComparing(r -> r.file().toString());

    private final Map<Path, StatusReading> readings = new HashMap<>();
    private final TreeMap<StatusReading, StatusReading> byOrder = new TreeMap<>(ORDER);
    /**
     * The event sequence number that last touched a file (removals included), kept only while a
     * listing runs: it is what makes an event win over that listing. Kept for every file, it held
     * 100,000 entries from the first pass until the first relist.
     */
    private final Map<Path, Long> touched = new HashMap<>();

    private int listings;
    private long sequence;
    private List<StatusReading> sorted;

    @Override
    public synchronized void statusChanged(StatusEvent event) {
        Path file = event.reading().file();
        StatusReading before =
                event.kind() == StatusEvent.Kind.REMOVED ? readings.remove(file) : readings.put(file, event.reading());
        if (before != null) {
            byOrder.remove(before);
        }
        if (event.kind() != StatusEvent.Kind.REMOVED) {
            byOrder.put(event.reading(), event.reading());
        }
        ++sequence;
        if (listings > 0) {
            touched.put(file, sequence);
        }
        sorted = null;
    }

    synchronized boolean has(Path file) {
        return readings.containsKey(file);
    }

    /** Where a listing starts: pass it to {@link #replaceAll} with what the listing found, or to {@link #abandon}. */
    synchronized long mark() {
        listings++;
        return sequence;
    }

    /** A listing begun at {@code mark} that failed. */
    synchronized void abandon(long mark) {
        ended(mark);
    }

    private void ended(long mark) {
        listings = Math.max(0, listings - 1);
        if (listings == 0) {
            touched.clear();
        } else {
            touched.values().removeIf(seq -> seq <= mark);
        }
    }

    /**
     * A full listing begun at {@code mark}: everything it found, except files an event has told of
     * since. Returns what the listing changed, as events, for those who follow the snapshot: the
     * watch missed those (a version is told apart by time and size).
     */
    synchronized List<StatusEvent> replaceAll(List<StatusReading> listed, long mark) {
        Map<Path, StatusReading> next = new HashMap<>();
        for (StatusReading r : listed) {
            if (touched.getOrDefault(r.file(), Long.MIN_VALUE) <= mark) {
                // The reading already held, when the listing found the same version: what is kept
                // per reading object (summaries, list rows) stays valid.
                StatusReading held = readings.get(r.file());
                next.put(r.file(), held != null && sameVersion(held, r) ? held : r);
            }
        }
        for (Map.Entry<Path, Long> t : touched.entrySet()) {
            StatusReading current = readings.get(t.getKey());
            if (t.getValue() > mark && current != null) {
                next.put(t.getKey(), current);
            }
        }
        List<StatusEvent> missed = new ArrayList<>();
        for (Map.Entry<Path, StatusReading> e : next.entrySet()) {
            StatusReading before = readings.get(e.getKey());
            if (before == null) {
                missed.add(new StatusEvent(StatusEvent.Kind.ADDED, e.getValue()));
            } else if (before != e.getValue() && !sameVersion(before, e.getValue())) {
                missed.add(new StatusEvent(StatusEvent.Kind.CHANGED, e.getValue()));
            }
        }
        for (Map.Entry<Path, StatusReading> e : readings.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                missed.add(new StatusEvent(StatusEvent.Kind.REMOVED, e.getValue()));
            }
        }
        readings.clear();
        readings.putAll(next);
        byOrder.clear();
        next.values().forEach(r -> byOrder.put(r, r));
        ended(mark);
        sorted = null;
        return missed;
    }

    /** As a listing tells versions apart: by time and size. */
    private static boolean sameVersion(StatusReading a, StatusReading b) {
        return a.size() == b.size() && java.util.Objects.equals(a.modified(), b.modified());
    }

    synchronized int size() {
        return readings.size();
    }

    /** The same list object until something changes: {@link ExperimentList} keeps its sorted views per list. */
    synchronized List<StatusReading> sorted() {
        if (sorted == null) {
            sorted = List.copyOf(byOrder.values());
        }
        return sorted;
    }
}

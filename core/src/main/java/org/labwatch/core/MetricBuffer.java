package org.labwatch.core;

import org.labwatch.spi.MetricBatch;

/**
 * Metric values in one primitive array, oldest first, as a ring: what a run recorded since the last
 * flush, or what a sink has not taken yet. A value takes four longs side by side (the metric's
 * number in the run's {@link MetricTable}, the step, the value's bits, the time): recording one
 * writes one place in one array, a single stream of memory for the processor to run ahead of
 * rather than four. It starts small and doubles up to {@code max} values;
 * beyond that each new value drops the oldest, and the drops are counted. Handed to sinks as
 * {@link MetricBatch} views, so no object is made per value. Not thread-safe: its owner guards it.
 */
final class MetricBuffer {

    private static final int SLOT = 4;

    private final MetricTable table;
    private final int max;
    private long[] slots;
    private int capacity;
    private int start;
    private int size;
    private long dropped;
    /** Made by the first caller of {@link #slice}, the flusher: away from the objects the experiment's thread writes. */
    private Slice slice;

    MetricBuffer(MetricTable table, int initial, int max) {
        this.table = table;
        this.max = Math.max(2, max);
        this.capacity = Math.max(2, Math.min(initial, this.max));
        this.slots = new long[capacity * SLOT];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int max() {
        return max;
    }

    /** Values dropped since the last {@link #clear} because the buffer was full. */
    long dropped() {
        return dropped;
    }

    /**
     * @return true when this value filled the buffer to half its present size: the flusher should
     *         take it now rather than at its next round, so that the buffer need not grow
     */
    boolean add(int id, long step, double value, long timeMillis) {
        if (size == capacity) {
            if (capacity < max) {
                grow();
            } else {
                start = start + 1 == capacity ? 0 : start + 1;
                size--;
                dropped++;
            }
        }
        int i = start + size;
        if (i >= capacity) {
            i -= capacity;
        }
        int at = i * SLOT;
        long[] s = slots;
        s[at] = id;
        s[at + 1] = step;
        s[at + 2] = Double.doubleToRawLongBits(value);
        s[at + 3] = timeMillis;
        size++;
        return size == capacity >> 1;
    }

    /**
     * Appends {@code n} values of {@code from}, starting at its {@code offset}; beyond {@code max}
     * the oldest values here are dropped.
     *
     * @return how many values were dropped to make room
     */
    long addAll(MetricBuffer from, int offset, int n) {
        long before = dropped;
        long[] s = from.slots;
        for (int k = 0; k < n; k++) {
            int at = from.index(offset + k) * SLOT;
            add((int) s[at], s[at + 1], Double.longBitsToDouble(s[at + 2]), s[at + 3]);
        }
        return dropped - before;
    }

    /** Forgets the {@code n} oldest values (a sink took them). */
    void removeFirst(int n) {
        int k = Math.min(n, size);
        start = index(k);
        size -= k;
        if (size == 0) {
            start = 0;
        }
    }

    void clear() {
        start = 0;
        size = 0;
        dropped = 0;
    }

    /** A read-only view of {@code n} values from {@code offset}, valid until this buffer changes; one view is reused. */
    MetricBatch slice(int offset, int n) {
        if (slice == null) {
            slice = new Slice();
        }
        // The view keeps its own copy of where the values are: a sink reads it for every value, and
        // this buffer's fields may share a cache line with objects the experiment's thread writes.
        slice.names = table.names();
        slice.slots = slots;
        slice.capacity = capacity;
        slice.first = index(offset);
        slice.size = Math.min(n, size - offset);
        return slice;
    }

    private int index(int i) {
        int j = start + i;
        return j >= capacity ? j - capacity : j;
    }

    private void grow() {
        int grown = (int) Math.min(max, 2L * capacity);
        long[] s = new long[grown * SLOT];
        // Oldest first from slot 0: the part from start to the end, then the part that wrapped.
        int first = Math.min(size, capacity - start);
        System.arraycopy(slots, start * SLOT, s, 0, first * SLOT);
        System.arraycopy(slots, 0, s, first * SLOT, (size - first) * SLOT);
        slots = s;
        capacity = grown;
        start = 0;
    }

    private static final class Slice implements MetricBatch {
        String[] names;
        long[] slots;
        int capacity;
        int first;
        int size;

        @Override
        public int size() {
            return size;
        }

        @Override
        public String name(int i) {
            return names[MetricTable.PAD + (int) slots[at(i)]];
        }

        @Override
        public long step(int i) {
            return slots[at(i) + 1];
        }

        @Override
        public double value(int i) {
            return Double.longBitsToDouble(slots[at(i) + 2]);
        }

        @Override
        public long timeMillis(int i) {
            return slots[at(i) + 3];
        }

        private int at(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("index " + i + " of a batch of " + size + " values");
            }
            int j = first + i;
            return (j >= capacity ? j - capacity : j) * SLOT;
        }
    }
}

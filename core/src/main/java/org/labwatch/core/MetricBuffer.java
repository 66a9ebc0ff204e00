package org.labwatch.core;

import org.labwatch.spi.MetricBatch;

/**
 * Metric values in primitive arrays, oldest first, as a ring: what a run recorded since the last
 * flush, or what a sink has not taken yet. It starts small and doubles up to {@code max} values;
 * beyond that each new value drops the oldest, and the drops are counted. Handed to sinks as
 * {@link MetricBatch} views, so no object is made per value. Not thread-safe: its owner guards it.
 */
final class MetricBuffer {

    private final int max;
    private Metric[] metrics;
    private long[] steps;
    private double[] values;
    private long[] times;
    private int start;
    private int size;
    private long dropped;
    private final Slice slice = new Slice();

    MetricBuffer(int initial, int max) {
        this.max = Math.max(2, max);
        allocate(Math.max(2, Math.min(initial, this.max)));
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
    boolean add(Metric metric, long step, double value, long timeMillis) {
        int capacity = metrics.length;
        if (size == capacity) {
            if (capacity < max) {
                grow();
                capacity = metrics.length;
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
        metrics[i] = metric;
        steps[i] = step;
        values[i] = value;
        times[i] = timeMillis;
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
        for (int k = 0; k < n; k++) {
            int j = from.index(offset + k);
            add(from.metrics[j], from.steps[j], from.values[j], from.times[j]);
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
        slice.offset = offset;
        slice.size = Math.min(n, size - offset);
        return slice;
    }

    private int index(int i) {
        int j = start + i;
        return j >= metrics.length ? j - metrics.length : j;
    }

    private void grow() {
        int capacity = (int) Math.min(max, 2L * metrics.length);
        Metric[] m = new Metric[capacity];
        long[] s = new long[capacity];
        double[] v = new double[capacity];
        long[] t = new long[capacity];
        for (int k = 0; k < size; k++) {
            int j = index(k);
            m[k] = metrics[j];
            s[k] = steps[j];
            v[k] = values[j];
            t[k] = times[j];
        }
        metrics = m;
        steps = s;
        values = v;
        times = t;
        start = 0;
    }

    private void allocate(int capacity) {
        metrics = new Metric[capacity];
        steps = new long[capacity];
        values = new double[capacity];
        times = new long[capacity];
    }

    private final class Slice implements MetricBatch {
        int offset;
        int size;

        @Override
        public int size() {
            return size;
        }

        @Override
        public String name(int i) {
            return metrics[at(i)].name;
        }

        @Override
        public long step(int i) {
            return steps[at(i)];
        }

        @Override
        public double value(int i) {
            return values[at(i)];
        }

        @Override
        public long timeMillis(int i) {
            return times[at(i)];
        }

        private int at(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("index " + i + " of a batch of " + size + " values");
            }
            return index(offset + i);
        }
    }
}

package org.labwatch.core;

import java.util.Arrays;

/**
 * A run's metrics by number, so that buffers and the recency order hold {@code int}s: a value is
 * recorded without storing a reference (with G1, a reference stored into an old array or object
 * costs a card-marking barrier with a memory fence). Names are kept apart from the metrics, in an
 * array whose first and last {@link #PAD} entries stay empty: the flusher reads a name for every
 * value it writes, and a cache line shared with something the experiment's thread writes at every
 * call (a metric, the recorder) would travel between the two cores at every value. Added to under
 * the run's recorder lock; read by the flusher, which sees every metric that the buffer it took
 * refers to.
 */
final class MetricTable {

    /** Empty entries at each end of {@link #names}: 16 references, 64 bytes or more. */
    static final int PAD = 16;

    /** Only under the recorder's lock. */
    private Metric[] byId = new Metric[16];

    /** Replaced (grown) or written only under the recorder's lock; the volatile write publishes the entry. */
    private volatile String[] names = new String[16 + 2 * PAD];

    private int size;

    /** Under the recorder's lock. */
    Metric add(String name) {
        if (size == byId.length) {
            byId = Arrays.copyOf(byId, size * 2);
        }
        String[] n = names;
        if (PAD + size == n.length - PAD) {
            String[] grown = new String[size * 2 + 2 * PAD];
            System.arraycopy(n, PAD, grown, PAD, size);
            n = grown;
        }
        Metric m = new Metric(name, size);
        byId[size] = m;
        n[PAD + size] = name;
        size++;
        names = n;
        return m;
    }

    /** Under the recorder's lock. */
    Metric get(int id) {
        return byId[id];
    }

    /** Every name by number, from {@link #PAD} on; read once per batch by the flusher. */
    String[] names() {
        return names;
    }
}

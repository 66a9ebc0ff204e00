package org.labwatch.core;

import java.util.Arrays;

/**
 * A run's metrics by number, so that buffers and the recency order hold {@code int}s: a value is
 * recorded without storing a reference (with G1, a reference stored into an old array or object
 * costs a card-marking barrier with a memory fence, measured as tens of nanoseconds per call).
 * Added to under the run's recorder lock; read by the flusher, which sees every metric that the
 * buffer it took refers to.
 */
final class MetricTable {

    /** Replaced (grown) or written only under the recorder's lock; the volatile write publishes the entry. */
    private volatile Metric[] byId = new Metric[16];

    private int size;

    /** Under the recorder's lock. */
    Metric add(String name) {
        Metric[] table = byId;
        if (size == table.length) {
            table = Arrays.copyOf(table, size * 2);
        }
        Metric m = new Metric(name, size);
        table[size++] = m;
        byId = table;
        return m;
    }

    Metric get(int id) {
        return byId[id];
    }

    String name(int id) {
        return byId[id].name;
    }
}

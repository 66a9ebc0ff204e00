package org.labwatch.metrics;

import java.io.IOException;

/** A run whose metrics hold more values than the whole in-memory budget: refused rather than risk the heap. */
final class TooManyValues extends IOException {

    private static final long serialVersionUID = 1L;

    TooManyValues(String file, long maxValues) {
        super(file + " holds more than " + maxValues + " values, the most this server keeps in memory;"
                + " raise maxValues in etc/" + MetricsConfig.PID + ".cfg (and the heap, about 32 bytes a value)");
    }
}

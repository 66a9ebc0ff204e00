package org.labwatch.spi;

import java.io.IOException;

/**
 * Receives the metric values of every run, in batches, from a monitor's background thread (never
 * from the experiment's). A monitor hands each batch to all bound metric sinks; when a sink
 * throws, that monitor holds the batch and those after it (bounded, the oldest values dropped
 * first) and hands them over again, in order, once the sink works again.
 *
 * <p>Implementations must be thread-safe across runs; batches of one run arrive from one thread
 * at a time, in the order the values were recorded.
 *
 * @since 3.0
 */
public interface MetricSink {

    /** Service property naming the kind of sink ("file"), for {@code target} filters; the key of {@link LogSink#TYPE}. */
    String TYPE = LogSink.TYPE;

    /**
     * Writes a batch. When this returns normally, every value of the batch has reached the sink's
     * medium (for files: the operating system, so a killed JVM does not lose it). The batch is valid
     * only during this call.
     *
     * @throws IOException when the batch could not be written as a whole; the caller hands the same
     *                     values over again later, so a sink leaves none of them behind on failure
     *                     if it can
     */
    void append(RunInfo run, MetricBatch batch) throws IOException;

    /** The run ended: release what the sink holds for it (open files). */
    void runEnded(RunInfo run);

    /** A short description for {@code labwatch:sinks}, e.g. the kind and where it writes. */
    default String describe() {
        return getClass().getSimpleName();
    }
}

package org.labwatch.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Metric values of one run, in the order they were recorded, as a {@link MetricSink} receives
 * them: a read-only view over the monitor's primitive buffers, so handing thousands of values
 * over creates no object per value. Valid only during the {@link MetricSink#append} call that
 * received it; a sink that needs the values later copies them.
 *
 * <p>Index {@code i} runs from 0 to {@code size() - 1}.
 *
 * @since 3.0
 */
@ProviderType
public interface MetricBatch {

    /** How many values the batch holds. */
    int size();

    /** The metric's name as recorded; a valid metric name (see {@code Names.checkMetricName}). */
    String name(int i);

    /** The value's step. */
    long step(int i);

    /** The value, possibly {@code NaN} or infinite. */
    double value(int i);

    /** When the value was recorded, in milliseconds since the Unix epoch. */
    long timeMillis(int i);
}

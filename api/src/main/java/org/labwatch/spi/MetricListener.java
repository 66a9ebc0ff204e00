package org.labwatch.spi;

import java.util.Set;

/**
 * Told by {@link MetricSource#watch} that a run's metrics grew, on the source's own thread.
 *
 * @since 3.1
 */
@FunctionalInterface
public interface MetricListener {

    /** New values of the metrics {@code names} of run {@code runId} (an {@link ExperimentIndex} id). */
    void grew(String runId, Set<String> names);
}

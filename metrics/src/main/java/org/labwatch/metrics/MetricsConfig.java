package org.labwatch.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code org.labwatch.metrics} ({@code etc/org.labwatch.metrics.cfg}). */
@ObjectClassDefinition(
        id = MetricsConfig.PID,
        name = "labwatch metrics reader",
        description = "Reads runs' metrics files (<exptPath>/monitoring/metrics/*.csv) for the dashboard's charts,"
                + " through the bound log source (the files, or the store that keeps them)")
@interface MetricsConfig {

    String PID = "org.labwatch.metrics";

    @AttributeDefinition(
            min = "1",
            description = "Values held in memory across runs, about 32 bytes each; the least recently viewed"
                    + " runs are dropped beyond it and read again when asked for. A run with more values than"
                    + " this is refused. The default, 4,000,000 (about 128 MB), suits the server's default"
                    + " 512 MB heap")
    long maxValues() default 4_000_000L;

    /**
     * Read by nothing since the metrics directories are followed through the log source's watch,
     * which rescans shares on its own (every 2 s for the files); kept so that an existing
     * {@code etc/org.labwatch.metrics.cfg} that sets it stays valid.
     */
    @AttributeDefinition(
            min = "10",
            description = "Not used any more: the log source's watch follows the metrics directories and"
                    + " rescans network shares itself (every 2 s for files on disk)")
    long rescanIntervalMs() default 2000L;
}

package org.labwatch.spi;

import java.nio.file.Path;
import java.time.Instant;
import org.labwatch.api.ExperimentStatus;

/**
 * The result of reading one status file: either a {@code status}, or the {@code problem} that
 * made it unreadable (truncated, not JSON, not UTF-8, too large...). {@code id} is the file
 * name without {@code _status.json}; it identifies the experiment in listings.
 */
public record StatusReading(Path file, String id, ExperimentStatus status, String problem,
                            Instant modified, long size) {

    public boolean readable() {
        return status != null;
    }

    public static StatusReading unreadable(Path file, String id, String problem, Instant modified, long size) {
        return new StatusReading(file, id, null, problem, modified, size);
    }
}

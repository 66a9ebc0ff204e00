package org.labwatch.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * An append-only file (a log, a metrics file) as a {@link LogSource} lists it: where it is, how long
 * it is now and when it last changed.
 *
 * @since 3.2
 */
public record StoredFile(Path path, long length, Instant modified) {

    public StoredFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
    }
}

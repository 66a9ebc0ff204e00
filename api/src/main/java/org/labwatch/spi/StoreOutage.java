package org.labwatch.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A store that has not answered since {@code since}; {@code problem} is the last error seen, in
 * words (no password, no stack trace).
 *
 * @since 3.2
 */
public record StoreOutage(String store, String problem, Instant since) {

    public StoreOutage {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(since, "since");
    }
}

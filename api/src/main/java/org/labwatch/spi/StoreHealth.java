package org.labwatch.spi;

import java.util.Optional;

/**
 * Registered by a store that can be away while the server runs (a database): whether it is
 * reachable now. Readers show an outage ("the store is away since ...") instead of stale data
 * without a word; writers do not need it (they get {@code IOException}s and retry).
 *
 * @since 3.2
 */
public interface StoreHealth {

    /** What the store is, for people: "PostgreSQL labwatch@db1:5432". */
    String describe();

    /** Empty while the store answers; else since when it has not, and the last problem seen. */
    Optional<StoreOutage> outage();
}

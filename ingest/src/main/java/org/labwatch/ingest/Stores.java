package org.labwatch.ingest;

import java.nio.file.Path;
import java.util.List;
import org.labwatch.internal.store.StoreOutages;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;

/**
 * The services one request writes through, as bound when it started; null where none is. A
 * request keeps them to its end, so a store that goes meanwhile finishes what it began.
 * {@code health}: what stores that can be away (a database) say of themselves.
 */
record Stores(LogSink logs, StatusStore statuses, PlotStore plots, Path remote, List<StoreHealth> health) {

    Stores {
        health = health == null ? List.of() : List.copyOf(health);
    }

    /** Stores that are never away (files). */
    Stores(LogSink logs, StatusStore statuses, PlotStore plots, Path remote) {
        this(logs, statuses, plots, remote, List.of());
    }

    /** What a request of this kind lacks, said for its 503, or null when it can go ahead. */
    String missing(Route.Kind kind) {
        if (kind == Route.Kind.HELLO) {
            return null;
        }
        if (remote == null) {
            return "no experiment index with a directory for remote runs is bound";
        }
        return switch (kind) {
            case MANIFEST, LOGS, METRICS -> logs == null ? "no log sink that keeps copies is bound" : null;
            case STATUS -> statuses == null ? "no status store is bound" : null;
            case PLOTS -> plots == null ? "no plot store is bound" : null;
            default -> null;
        };
    }

    /** The outage of a store that says it is away now, or null. */
    StoreOutage outage() {
        return StoreOutages.longest(health);
    }
}

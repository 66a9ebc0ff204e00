package org.labwatch.store.postgres;

import java.time.Instant;
import java.util.Optional;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;

/**
 * The {@link StoreHealth} service: away while the database does not answer, and also while it
 * holds a schema this labwatch does not run on (the readers show why there is no store).
 */
final class Health implements StoreHealth {

    private final Database database;
    private volatile StoreOutage refusal;

    Health(Database database) {
        this.database = database;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + database.name();
    }

    @Override
    public Optional<StoreOutage> outage() {
        Optional<StoreOutage> away = database.outage();
        return away.isPresent() ? away : Optional.ofNullable(refusal);
    }

    /** The store cannot open for this reason until something changes (an upgrade); null: it is open. */
    void refused(String problem) {
        StoreOutage before = refusal;
        refusal = problem == null
                ? null
                : new StoreOutage(
                        describe(),
                        problem,
                        before != null && before.problem().equals(problem) ? before.since() : Instant.now());
    }
}

package org.labwatch.web.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.labwatch.internal.store.StoreOutages;
import org.labwatch.internal.time.IsoTimes;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;

/**
 * What the stores that can be away (a database) say of themselves, as {@code /api/health}'s
 * {@code store} part and the {@code store} event carry it: {@code {"ok": false, "store":
 * "PostgreSQL labwatch@db1:5432", "problem": "...", "since": "2026-12-04T10:10:10Z"}}, or
 * {@code {"ok": true, "store": "..."}}. With several such stores, the one away longest is told.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoreState(boolean ok, String store, String problem, String since) {

    /** Null when no bound store can be away (files); a service that cannot tell is passed over. */
    public static StoreState of(List<StoreHealth> health) {
        if (health == null || health.isEmpty()) {
            return null;
        }
        StoreOutage longest = StoreOutages.longest(health);
        if (longest != null) {
            return new StoreState(false, longest.store(), longest.problem(), IsoTimes.iso(longest.since()));
        }
        List<String> stores = new ArrayList<>();
        for (StoreHealth h : health) {
            try {
                stores.add(h.describe());
            } catch (RuntimeException e) {
                // cannot tell what it is: not named
            }
        }
        return stores.isEmpty() ? null : new StoreState(true, String.join(", ", stores), null, null);
    }

    /** The same outage (or both fine): the problem's words may change while it lasts, and are no news. */
    boolean sameAs(StoreState other) {
        return other != null
                && ok == other.ok
                && Objects.equals(store, other.store)
                && Objects.equals(since, other.since);
    }
}

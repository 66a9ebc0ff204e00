package org.labwatch.internal.store;

import java.util.Collection;
import java.util.Optional;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;

/**
 * The one reading of the bound {@link StoreHealth} services: the outage that began first, or none.
 * A service that throws cannot tell and is passed over: monitoring never fails on a store's word.
 */
public final class StoreOutages {

    private StoreOutages() {}

    /** The outage of the store away longest, or null when none is away (or {@code health} is null). */
    public static StoreOutage longest(Collection<StoreHealth> health) {
        StoreOutage longest = null;
        if (health == null) {
            return null;
        }
        for (StoreHealth h : health) {
            Optional<StoreOutage> away;
            try {
                away = h.outage();
            } catch (RuntimeException e) {
                continue;
            }
            if (away != null
                    && away.isPresent()
                    && (longest == null || away.get().since().isBefore(longest.since()))) {
                longest = away.get();
            }
        }
        return longest;
    }
}

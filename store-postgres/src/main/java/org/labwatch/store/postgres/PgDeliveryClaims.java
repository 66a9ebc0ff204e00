package org.labwatch.store.postgres;

import java.io.IOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.labwatch.spi.DeliveryClaims;

/**
 * Which node sends a notification: the first to insert the (channel, event) row. A node claiming
 * again what it claimed before (its outbox after a restart) wins again; another node does not.
 */
final class PgDeliveryClaims implements DeliveryClaims {

    /**
     * Claims older than this are deleted: the notify engine never offers an event that old again
     * (its outboxes forget after retentionDays, 7 by default).
     */
    static final Duration KEPT = Duration.ofDays(30);

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Database database;
    private final String node;
    private final Clock clock;
    private volatile Instant lastPruned = Instant.MIN;

    PgDeliveryClaims(Database database, String node, Clock clock) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("a node name is needed to claim notifications");
        }
        this.database = database;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public Set<String> claim(String channel, Collection<String> eventKeys) throws IOException {
        if (eventKeys.isEmpty()) {
            return Set.of();
        }
        prune();
        return database.transaction(c -> {
            Set<String> mine = new HashSet<>();
            // The no-op update makes RETURNING name the keys this node claimed before, too.
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO labwatch_delivery_claim (channel, event_key, node)"
                            + " SELECT ?, k, ? FROM unnest(?) AS k"
                            + " ON CONFLICT (channel, event_key) DO UPDATE SET node = labwatch_delivery_claim.node"
                            + " WHERE labwatch_delivery_claim.node = EXCLUDED.node"
                            + " RETURNING event_key")) {
                Array keys = c.createArrayOf("text", eventKeys.toArray());
                s.setString(1, channel);
                s.setString(2, node);
                s.setArray(3, keys);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        mine.add(r.getString(1));
                    }
                }
            }
            return mine;
        });
    }

    private void prune() throws IOException {
        Instant now = clock.instant();
        if (now.isBefore(lastPruned.plus(PRUNE_EVERY))) {
            return;
        }
        lastPruned = now;
        database.call(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM labwatch_delivery_claim WHERE claimed_at < now() - ?::interval")) {
                s.setString(1, KEPT.toDays() + " days");
                return s.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "notification claims of node " + node;
    }
}

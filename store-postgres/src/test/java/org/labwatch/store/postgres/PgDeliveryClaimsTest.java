package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.testsupport.PostgresCluster;

/** Notification claims of several nodes on one real database: each event is one node's to send. */
class PgDeliveryClaimsTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @Test
    void theFirstNodeToClaimAnEventSendsItAndKeepsItAcrossItsRestart() throws Exception {
        String db = pg.create();
        try (Database a = pg.database(db, "a");
                Database b = pg.database(db, "b")) {
            PgDeliveryClaims nodeA = new PgDeliveryClaims(a, "a", Clock.systemUTC());
            PgDeliveryClaims nodeB = new PgDeliveryClaims(b, "b", Clock.systemUTC());
            assertEquals(
                    Set.of("run1|completed", "run2|failed"),
                    nodeA.claim("lab-mail", List.of("run1|completed", "run2|failed")));
            assertEquals(
                    Set.of("run3|completed"), nodeB.claim("lab-mail", List.of("run1|completed", "run3|completed")));
            assertEquals(Set.of("run1|completed"), nodeB.claim("slack", List.of("run1|completed")), "another channel");
            PgDeliveryClaims nodeAAgain = new PgDeliveryClaims(a, "a", Clock.systemUTC());
            assertEquals(
                    Set.of("run1|completed"),
                    nodeAAgain.claim("lab-mail", List.of("run1|completed", "run3|completed")),
                    "after a restart, a node's own claim is still its own");
        }
        assertEquals("4", pg.cluster.sql(db, "SELECT count(*) FROM labwatch_delivery_claim"));
    }

    @Test
    void nodesRacingForTheSameEventsSplitThemWithoutOverlap() throws Exception {
        String db = pg.create();
        List<String> keys =
                IntStream.range(0, 200).mapToObj(i -> "run" + i + "|completed").toList();
        List<Database> opened = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Set<String>>> nodes = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                Database d = pg.database(db, "node" + n);
                opened.add(d);
                PgDeliveryClaims claims = new PgDeliveryClaims(d, "node" + n, Clock.systemUTC());
                nodes.add(() -> {
                    Set<String> won = new HashSet<>();
                    for (String key : keys) {
                        won.addAll(claims.claim("hook", List.of(key)));
                    }
                    return won;
                });
            }
            Set<String> all = new HashSet<>();
            int total = 0;
            for (Future<Set<String>> f : pool.invokeAll(nodes)) {
                total += f.get().size();
                all.addAll(f.get());
            }
            assertEquals(200, total, "no event claimed by two nodes");
            assertEquals(new HashSet<>(keys), all, "none left unclaimed");
        } finally {
            pool.shutdownNow();
            for (Database d : opened) {
                d.close();
            }
        }
    }

    @Test
    void aDatabaseThatIsAwayAnswersWithAnIOExceptionAndTheClaimWorksAfterwards() throws Exception {
        String db = pg.create();
        try (Database a = pg.database(db, "a")) {
            PgDeliveryClaims claims = new PgDeliveryClaims(a, "a", Clock.systemUTC());
            pg.cluster.stop(PostgresCluster.StopMode.FAST);
            try {
                assertThrows(IOException.class, () -> claims.claim("hook", List.of("run1|completed")));
            } finally {
                pg.cluster.start();
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> claims.claim("hook", List.of("run1|completed")).equals(Set.of("run1|completed")));
        }
    }

    @Test
    void aNodeNeedsAName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new PgDeliveryClaims(null, " ", Clock.systemUTC()));
        assertTrue(e.getMessage().contains("node name"), e.getMessage());
    }
}

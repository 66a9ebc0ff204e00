package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.spi.Subscription;

/** Two nodes on one database: node A's feed, node B's writes (its own DataSource and StoredFiles). */
class ChangeFeedTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    private final Path root = Path.of("/srv/lab/data");
    private final Path statusDir = root.resolve("monitoring/status");
    private final Path logs = root.resolve("monitoring/logs");
    private Database dbA;
    private Database dbB;
    private StoredFiles nodeA;
    private StoredFiles nodeB;
    private ChangeFeed feed;
    private final List<FileRow> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void nodes() throws Exception {
        String name = pg.create();
        dbA = pg.database(name, "node-a");
        dbB = pg.database(name, "node-b");
        nodeA = new StoredFiles(dbA, new PathKeys(root));
        nodeB = new StoredFiles(dbB, new PathKeys(root));
    }

    @AfterEach
    void close() {
        if (feed != null) {
            feed.close();
        }
        dbA.close();
        dbB.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> seenNames() {
        return seen.stream().map(FileRow::name).toList();
    }

    @Test
    void aChangeCommittedOnAnotherNodeReachesTheFeedWithinASecond() throws Exception {
        // a poll interval far above the bound: only the notification can be this quick
        feed = new ChangeFeed(nodeA, "feed-a", 30_000, true);
        feed.start();
        Subscription sub = feed.subscribe(List.of(statusDir), Set.of(FileKind.STATUS), seen::addAll);
        await().atMost(Duration.ofSeconds(5)).until(feed::listening);

        long t0 = System.nanoTime();
        FileRow written = nodeB.replace(statusDir.resolve("b_status.json"), FileKind.STATUS, bytes("{}"));
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.size() == 1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(written.seq(), seen.get(0).seq());
        assertEquals(written.id(), seen.get(0).id());
        assertTrue(ms < 1000, "took " + ms + " ms");

        // other directories and kinds go to their own subscribers only
        nodeB.append(logs.resolve("b.log"), FileKind.LOG, bytes("x\n"));
        nodeB.replace(root.resolve("elsewhere/monitoring/status/c_status.json"), FileKind.STATUS, bytes("{}"));
        FileRow last = nodeB.replace(statusDir.resolve("d_status.json"), FileKind.STATUS, bytes("{}"));
        await().atMost(Duration.ofSeconds(1)).until(() -> feed.position() == last.seq());
        assertEquals(List.of("b_status.json", "d_status.json"), seenNames());

        sub.close();
        FileRow after = nodeB.replace(statusDir.resolve("e_status.json"), FileKind.STATUS, bytes("{}"));
        await().atMost(Duration.ofSeconds(1)).until(() -> feed.position() == after.seq());
        assertEquals(2, seen.size(), "a closed subscription hears nothing more");
    }

    @Test
    void afterItsConnectionIsKilledTheFeedReconnectsAndCatchesUp() throws Exception {
        feed = new ChangeFeed(nodeA, "feed-a", 30_000, true);
        feed.start();
        feed.subscribe(List.of(logs), Set.of(FileKind.LOG), seen::addAll);
        await().atMost(Duration.ofSeconds(5)).until(feed::listening);

        assertEquals(1, pg.cluster.terminateBackends("feed-a"));
        // written while the feed has no connection: no notification reaches it, the catch-up must
        for (int i = 0; i < 3; i++) {
            nodeB.append(logs.resolve("run.log"), FileKind.LOG, bytes("line " + i + "\n"));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> seen.size() >= 1 && seen.get(seen.size() - 1).length() == 21);
        await().atMost(Duration.ofSeconds(5)).until(feed::listening);
        assertEquals(
                "1",
                pg.cluster.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'feed-a'"),
                "listening again on a new connection");

        FileRow next = nodeB.append(logs.resolve("run.log"), FileKind.LOG, bytes("more\n")) > 0
                ? nodeB.file(logs.resolve("run.log")).orElseThrow()
                : null;
        await().atMost(Duration.ofSeconds(1))
                .until(() -> seen.get(seen.size() - 1).seq() == next.seq());
        assertTrue(dbA.outage().isEmpty(), "one killed connection is no outage of the database");
    }

    @Test
    void withoutListenChangesArePolled() throws Exception {
        feed = new ChangeFeed(nodeA, "feed-a", 300, false);
        feed.start();
        feed.subscribe(List.of(statusDir), Set.of(), seen::addAll);
        FileRow written = nodeB.replace(statusDir.resolve("p_status.json"), FileKind.STATUS, bytes("{}"));
        await().atMost(Duration.ofSeconds(3)).until(() -> seen.size() == 1);
        assertEquals(written.seq(), seen.get(0).seq());
        assertFalse(feed.listening());
        assertEquals(
                "",
                pg.cluster.sql(
                        "postgres",
                        "SELECT string_agg(query, ';') FROM pg_stat_activity WHERE application_name = 'feed-a'"
                                + " AND query ILIKE 'LISTEN%'"),
                "no LISTEN was sent");

        // switched on in place: the feed reconnects and listens
        feed.settings(30_000, true);
        await().atMost(Duration.ofSeconds(5)).until(feed::listening);
        FileRow woke = nodeB.replace(statusDir.resolve("q_status.json"), FileKind.STATUS, bytes("{}"));
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.size() == 2);
        assertEquals(woke.seq(), seen.get(1).seq());
    }

    @Test
    void changesOfThisNodeComeBackTheSameWay() throws Exception {
        feed = new ChangeFeed(nodeA, "feed-a", 30_000, true);
        feed.start();
        feed.subscribe(List.of(statusDir), Set.of(FileKind.STATUS), seen::addAll);
        await().atMost(Duration.ofSeconds(5)).until(feed::listening);
        FileRow mine = nodeA.replace(statusDir.resolve("a_status.json"), FileKind.STATUS, bytes("{}"));
        nodeA.remove(statusDir.resolve("a_status.json"));
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.size() == 2);
        assertEquals(mine.id(), seen.get(0).id());
        assertTrue(seen.get(1).removed());
    }
}

package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    /** The bundle's scripts followed by a V3 from this test's resources: a labwatch after this one. */
    private static Migrations withV3(String folder, String v2) {
        List<Migrations.Script> scripts = new ArrayList<>(Migrations.bundled().scripts());
        scripts.addAll(Migrations.load(MigrationsTest.class, folder, List.of(v2)));
        return new Migrations(scripts);
    }

    @Test
    void anEmptyDatabaseGetsTheWholeSchemaInOneGo() throws Exception {
        String db = pg.create();
        try (Connection c = pg.dataSource(db, "m").getConnection()) {
            assertEquals(0, Migrations.version(c));
            assertEquals(0, Migrations.bundled().prepare(c, db), "found empty");
            assertEquals(2, Migrations.version(c));
            assertEquals(2, Migrations.bundled().prepare(c, db), "a second start finds it current");
            assertTrue(c.getAutoCommit(), "the connection is left as it was");
        }
        assertEquals(
                "labwatch_chunk,labwatch_delivery_claim,labwatch_file,labwatch_schema",
                pg.cluster.sql(
                        db,
                        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                                + " WHERE tablename LIKE 'labwatch%'"));
        assertEquals(
                "1|files, chunks, change sequence\n2|notification claims",
                pg.cluster.sql(db, "SELECT version, description FROM labwatch_schema ORDER BY version"));
    }

    @Test
    void twoNodesStartingTogetherApplyTheSchemaOnce() throws Exception {
        String db = pg.create();
        DataSource ds = pg.dataSource(db, "race");
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                found.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        together.await(10, TimeUnit.SECONDS);
                        return Migrations.bundled().prepare(c, db);
                    }
                }));
            }
            int applied = 0;
            for (Future<Integer> f : found) {
                // no node fails (a second CREATE TABLE would): each waits for the lock, then finds it done
                if (f.get(30, TimeUnit.SECONDS) == 0) {
                    applied++;
                }
            }
            assertEquals(1, applied, "exactly one node found the database empty and applied the schema");
        } finally {
            pool.shutdownNow();
        }
        assertEquals("2", pg.cluster.sql(db, "SELECT count(*) FROM labwatch_schema"));
    }

    @Test
    void anOlderSchemaIsRefusedUntilUpgradedThenUpgradedInOneTransaction() throws Exception {
        String db = pg.create();
        Migrations next = withV3("upgrade/", "V3__run_notes.sql");
        try (Connection c = pg.dataSource(db, "m").getConnection()) {
            Migrations.bundled().prepare(c, db);
            pg.cluster.sql(
                    db,
                    "INSERT INTO labwatch_file (path, dir, name, kind, modified, seq)"
                            + " VALUES ('monitoring/status/a_status.json', 'monitoring/status', 'a_status.json',"
                            + " 'status', now(), 1)");

            SchemaRefused refused = assertThrows(SchemaRefused.class, () -> next.prepare(c, db));
            assertEquals(
                    "the labwatch schema in " + db + " is version 2, this labwatch needs 3: run ./labwatch db upgrade"
                            + " (or labwatch:db-upgrade in the shell); nothing was changed",
                    refused.getMessage());
            assertEquals(2, Migrations.version(c), "refusing changed nothing");

            assertEquals(new Migrations.Upgrade(2, 3), next.upgrade(c, db));
            assertEquals(3, Migrations.version(c));
            assertEquals(3, next.prepare(c, db), "now current");
            assertEquals(new Migrations.Upgrade(3, 3), next.upgrade(c, db), "a second upgrade does nothing");

            SchemaRefused newer =
                    assertThrows(SchemaRefused.class, () -> Migrations.bundled().prepare(c, db));
            assertEquals(
                    "the labwatch schema in " + db + " is version 3, written by a newer labwatch (this one knows"
                            + " versions up to 2); nothing was changed",
                    newer.getMessage());
            assertThrows(SchemaRefused.class, () -> Migrations.bundled().upgrade(c, db), "no downgrade either");
        }
        assertEquals("0", pg.cluster.sql(db, "SELECT sum(note_count) FROM labwatch_file"), "the new column is there");
        assertEquals(
                "3|run notes",
                pg.cluster.sql(
                        db, "SELECT version, description FROM labwatch_schema" + " ORDER BY version DESC LIMIT 1"));
    }

    @Test
    void aFailingUpgradeScriptLeavesTheOlderSchemaIntact() throws Exception {
        String db = pg.create();
        Migrations broken = withV3("broken/", "V3__fails_halfway.sql");
        try (Connection c = pg.dataSource(db, "m").getConnection()) {
            Migrations.bundled().prepare(c, db);
            java.sql.SQLException e = assertThrows(java.sql.SQLException.class, () -> broken.upgrade(c, db));
            assertTrue(
                    e.getMessage().startsWith("the schema script V3__fails_halfway.sql failed, nothing was changed: "),
                    e.getMessage());
            assertEquals(2, Migrations.version(c));
            assertTrue(c.getAutoCommit());
        }
        assertEquals("", pg.cluster.sql(db, "SELECT to_regclass('labwatch_note')"), "the script's first table is gone");
        assertEquals(
                "0",
                pg.cluster.sql(
                        db,
                        "SELECT count(*) FROM information_schema.columns"
                                + " WHERE table_name = 'labwatch_file' AND column_name = 'note_count'"));
    }

    @Test
    void aVersionOneDatabaseIsUpgradedToTheNotificationClaims() throws Exception {
        // The database a labwatch before the notification claims made: this labwatch refuses it
        // until upgraded, and the upgrade keeps the runs' rows.
        String db = pg.create();
        Migrations previous = new Migrations(Migrations.bundled().scripts().subList(0, 1));
        try (Connection c = pg.dataSource(db, "m").getConnection()) {
            assertEquals(0, previous.prepare(c, db));
            pg.cluster.sql(
                    db,
                    "INSERT INTO labwatch_file (path, dir, name, kind, modified, seq)"
                            + " VALUES ('monitoring/status/a_status.json', 'monitoring/status', 'a_status.json',"
                            + " 'status', now(), 1)");
            SchemaRefused refused =
                    assertThrows(SchemaRefused.class, () -> Migrations.bundled().prepare(c, db));
            assertTrue(refused.getMessage().contains("is version 1, this labwatch needs 2"), refused.getMessage());
            assertEquals(new Migrations.Upgrade(1, 2), Migrations.bundled().upgrade(c, db));
            assertEquals(2, Migrations.bundled().prepare(c, db));
        }
        assertEquals("1", pg.cluster.sql(db, "SELECT count(*) FROM labwatch_file"), "the runs stay");
        assertEquals("0", pg.cluster.sql(db, "SELECT count(*) FROM labwatch_delivery_claim"));
        assertEquals(
                "2|notification claims",
                pg.cluster.sql(db, "SELECT version, description FROM labwatch_schema ORDER BY version DESC LIMIT 1"));
    }

    @Test
    void scriptsMustBeNumberedFromOneWithoutGaps() {
        Migrations.Script v2 = new Migrations.Script(2, "V2__x.sql", "SELECT 1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Migrations(List.of(v2)));
        assertTrue(e.getMessage().contains("V2__x.sql"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Migrations.load(MigrationsTest.class, "upgrade/", List.of("run_notes.sql")));
    }
}

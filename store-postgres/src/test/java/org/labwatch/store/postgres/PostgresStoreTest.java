package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.labwatch.testsupport.PostgresCluster;

/** The component's work without a framework: open on a good schema, refuse another, open after an upgrade. */
class PostgresStoreTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    private final List<PostgresStore> started = new ArrayList<>();

    @AfterEach
    void stopStores() {
        started.forEach(PostgresStore::stop);
    }

    private RecordedServices start(PostgresStore store, String database, Map<String, ?> settings) {
        RecordedServices services = new RecordedServices();
        store.start(
                services,
                Configs.of(PostgresStoreConfig.class, settings),
                pg.dataSource(database, "store"),
                database + "@test");
        started.add(store);
        return services;
    }

    private static Migrations withV3() {
        List<Migrations.Script> scripts = new ArrayList<>(Migrations.bundled().scripts());
        scripts.addAll(Migrations.load(PostgresStoreTest.class, "upgrade/", List.of("V3__run_notes.sql")));
        return new Migrations(scripts);
    }

    @Test
    void onAnEmptyDatabaseTheStoreAppliesTheSchemaAndRegistersItsServicesRanked() throws Exception {
        String db = pg.create();
        RecordedServices services = start(new PostgresStore(), db, Map.of("root", "/srv/lab", "ranking", 150));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> services.live(StatusStore.class).isPresent());
        RecordedServices.Service status = services.live(StatusStore.class).orElseThrow();
        assertEquals("postgres", status.properties.get(StatusStore.TYPE));
        assertEquals(150, status.properties.get("service.ranking"));
        StoreHealth health = services.service(StoreHealth.class);
        assertEquals("PostgreSQL " + db + "@test", health.describe());
        assertTrue(health.outage().isEmpty());
        assertEquals("2", pg.cluster.sql(db, "SELECT max(version) FROM labwatch_schema"));

        StatusStore store = services.service(StatusStore.class);
        store.write(
                Path.of("/srv/lab/monitoring/status/a_status.json"),
                ExperimentStatus.builder("a").build());
        assertEquals(
                "monitoring/status/a_status.json",
                pg.cluster.sql(db, "SELECT path FROM labwatch_file"),
                "keys relative to root");

        started.get(0).modified(Configs.of(PostgresStoreConfig.class, Map.of("root", "/srv/lab", "ranking", 90)));
        assertEquals(90, status.properties.get("service.ranking"), "ranked anew in place");
        assertFalse(status.unregistered);
    }

    @Test
    void anOlderSchemaKeepsTheStoreClosedWithTheReasonUntilUpgraded() throws Exception {
        String db = pg.create();
        pg.database(db, "v1").close();
        PostgresStore store = new PostgresStore(withV3());
        RecordedServices services = start(store, db, Map.of());
        StoreHealth health = services.service(StoreHealth.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.outage().isPresent());
        assertEquals(
                "the labwatch schema in " + db + "@test is version 2, this labwatch needs 3: run ./labwatch db upgrade"
                        + " (or labwatch:db-upgrade in the shell); nothing was changed",
                health.outage().orElseThrow().problem());
        assertTrue(services.live(StatusStore.class).isEmpty(), "no StatusStore on a schema it does not run on");
        assertEquals("2", pg.cluster.sql(db, "SELECT max(version) FROM labwatch_schema"), "nothing changed");

        DbUpgradeCommand command = new DbUpgradeCommand();
        command.store = store;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        command.out = new PrintStream(said, true, StandardCharsets.UTF_8);
        command.execute();
        assertEquals(
                "Upgraded the labwatch schema in " + db + "@test from version 2 to 3\n",
                said.toString(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> services.live(StatusStore.class).isPresent());
        assertTrue(health.outage().isEmpty());
        assertEquals("3", pg.cluster.sql(db, "SELECT max(version) FROM labwatch_schema"));
    }

    @Test
    void aNodeWaitingForAnUpgradeOpensWhenAnotherNodeOrTheLauncherUpgraded() throws Exception {
        String db = pg.create();
        pg.database(db, "v1").close();
        RecordedServices waiting = start(new PostgresStore(withV3()), db, Map.of());
        StoreHealth health = waiting.service(StoreHealth.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.outage().isPresent());

        PostgresStore other = new PostgresStore(withV3());
        start(other, db, Map.of());
        other.upgrade();
        await().atMost(Duration.ofMillis(PostgresStore.SCHEMA_RECHECK_MS + 5_000))
                .until(() -> waiting.live(StatusStore.class).isPresent());
        assertTrue(health.outage().isEmpty());
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        String db = pg.create();
        PostgresStore newer = new PostgresStore(withV3());
        RecordedServices first = start(newer, db, Map.of());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> first.live(StatusStore.class).isPresent());

        RecordedServices services = start(new PostgresStore(), db, Map.of());
        StoreHealth health = services.service(StoreHealth.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.outage().isPresent());
        assertTrue(
                health.outage().orElseThrow().problem().contains("is version 3, written by a newer labwatch"),
                health.outage().orElseThrow().problem());
        assertTrue(services.live(StatusStore.class).isEmpty());
    }

    @Test
    void aStoreStartedWhileTheDatabaseIsDownOpensWhenItComesUp() throws Exception {
        String db = pg.create();
        pg.cluster.stop(PostgresCluster.StopMode.FAST);
        RecordedServices services;
        try {
            services = start(new PostgresStore(), db, Map.of("retryIntervalMs", 200L));
            StoreHealth health = services.service(StoreHealth.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> health.outage().isPresent());
            assertTrue(services.live(StatusStore.class).isEmpty());
        } finally {
            pg.cluster.start();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> services.live(StatusStore.class).isPresent());
        assertTrue(services.service(StoreHealth.class).outage().isEmpty());

        started.get(0).stop();
        started.clear();
        assertTrue(services.all.stream().allMatch(s -> s.unregistered), "stopping takes every service back");
    }
}

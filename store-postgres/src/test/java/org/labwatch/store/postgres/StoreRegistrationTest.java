package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusStore;

/** The component registers the log, metric and plot services beside the status store, typed and ranked. */
class StoreRegistrationTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @Test
    void everyServiceIsRegisteredWithItsTypeAndTheRankingAndWorksOnTheOneDatabase() throws Exception {
        String db = pg.create();
        RecordedServices services = new RecordedServices();
        PostgresStore store = new PostgresStore();
        store.start(
                services,
                Configs.of(PostgresStoreConfig.class, Map.of("root", "/srv/lab", "ranking", 120, "maxPlotBytes", 100L)),
                pg.dataSource(db, "store"),
                db + "@test");
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> services.live(PlotStore.class).isPresent());
            Map<Class<?>, String> typeKeys = Map.of(
                    StatusStore.class, StatusStore.TYPE,
                    LogSink.class, LogSink.TYPE,
                    MetricSink.class, MetricSink.TYPE,
                    LogSource.class, PlotStore.TYPE,
                    PlotStore.class, PlotStore.TYPE);
            for (Map.Entry<Class<?>, String> e : typeKeys.entrySet()) {
                RecordedServices.Service s = services.live(e.getKey()).orElseThrow();
                assertEquals(
                        "postgres", s.properties.get(e.getValue()), e.getKey().getSimpleName());
                assertEquals(
                        120, s.properties.get("service.ranking"), e.getKey().getSimpleName());
            }

            RunInfo run = new RunInfo(
                    "rabi",
                    new MonitoringLayout(Path.of("/srv/lab/qubit1")),
                    OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC));
            services.service(LogSink.class)
                    .append(run, new LogRecord(1, Instant.now(), Level.INFO, "through the registry", null));
            List<LogEntry> tail = services.service(LogSource.class).tail(run.logFile(), 5);
            assertEquals("through the registry", tail.get(0).message());
            assertEquals(
                    "qubit1/monitoring/logs/rabi_20250101_120000.log",
                    pg.cluster.sql(db, "SELECT path FROM labwatch_file WHERE kind = 'log'"));

            IllegalArgumentException big = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> services.service(PlotStore.class).prepare("rabi", new byte[101]));
            assertTrue(big.getMessage().contains("limit of 100 bytes (setting maxPlotBytes"), big.getMessage());
        } finally {
            store.stop();
        }
        assertTrue(services.all.stream().allMatch(s -> s.unregistered), "stopping takes every service back");
    }
}

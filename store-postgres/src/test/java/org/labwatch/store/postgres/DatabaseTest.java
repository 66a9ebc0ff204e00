package org.labwatch.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.spi.StoreOutage;
import org.labwatch.testsupport.PostgresCluster;

/** The database stopped under a store: one warning, fast failures, a probe, one line when it is back. */
class DatabaseTest {

    // a cluster of its own for every test: this test stops it
    @RegisterExtension
    final TestDatabases pg = new TestDatabases();

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger jul = Logger.getLogger(Database.class.getName());

    @BeforeEach
    void start() throws Exception {
        jul.addHandler(capture);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(capture);
    }

    /** The test's DataSource, counting the connections asked of it. */
    private static final class Counted implements DataSource {
        final DataSource inner;
        final AtomicInteger asked = new AtomicInteger();

        Counted(DataSource inner) {
            this.inner = inner;
        }

        @Override
        public Connection getConnection() throws SQLException {
            asked.incrementAndGet();
            return inner.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            asked.incrementAndGet();
            return inner.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return inner.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            inner.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            inner.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return inner.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return inner.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return inner.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return inner.isWrapperFor(iface);
        }
    }

    private List<String> messages(java.util.logging.Level level) {
        return logged.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(LogRecord::getMessage)
                .toList();
    }

    @Test
    void anImmediateStopIsOneOutageReportedOnceAndTheStoreRecovers() throws Exception {
        String name = pg.create();
        pg.database(name, "setup").close();
        Counted ds = new Counted(pg.dataSource(name, "store"));
        try (Database db = new Database(ds, name + "@test", 200)) {
            StoredFiles files = new StoredFiles(db, new PathKeys(Path.of("/srv/lab")));
            Path log = Path.of("/srv/lab/monitoring/logs/run.log");
            files.append(log, FileKind.LOG, "before\n".getBytes(StandardCharsets.UTF_8));

            pg.cluster.stop(PostgresCluster.StopMode.IMMEDIATE);
            IOException first = assertThrows(
                    IOException.class,
                    () -> files.append(log, FileKind.LOG, "held\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(first.getMessage().startsWith("PostgreSQL store away since "), first.getMessage());
            StoreOutage outage = db.outage().orElseThrow();
            assertEquals("PostgreSQL " + name + "@test", outage.store());

            // while away: at once, without asking the pool for a connection
            int asked = ds.asked.get();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                assertThrows(IOException.class, () -> files.length(log));
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, "failed fast");
            }
            assertTrue(ds.asked.get() - asked <= 3, "only the probe asks: " + (ds.asked.get() - asked));
            // the probe (every 200 ms) keeps failing: still one warning
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.asked.get() - asked >= 3);
            assertEquals(1, messages(java.util.logging.Level.WARNING).size(), logged.toString());
            assertTrue(
                    messages(java.util.logging.Level.WARNING).get(0).contains("holding writes, retrying"),
                    messages(java.util.logging.Level.WARNING).toString());

            pg.cluster.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> db.outage().isEmpty());
            List<String> info = messages(java.util.logging.Level.INFO);
            assertEquals(1, info.size(), info.toString());
            assertTrue(info.get(0).matches("PostgreSQL store .* back after \\d+ s"), info.get(0));

            assertEquals(13, files.append(log, FileKind.LOG, "after\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, messages(java.util.logging.Level.WARNING).size(), "still the one warning");
        }
    }

    @Test
    void behindHikariCpAsTheDistributionConfiguresItARestartIsOneOutageToo() throws Exception {
        String name = pg.create();
        pg.database(name, "setup").close();
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(pg.cluster.jdbcUrl(name));
        config.setUsername(pg.cluster.user());
        // as etc/org.ops4j.datasource-labwatch.cfg sets them
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(2000);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
                Database db = new Database(pool, name + "@test", 200)) {
            StoredFiles files = new StoredFiles(db, new PathKeys(Path.of("/srv/lab")));
            Path log = Path.of("/srv/lab/monitoring/logs/run.log");
            byte[] line = "line\n".getBytes(StandardCharsets.UTF_8);
            files.append(log, FileKind.LOG, line);

            pg.cluster.restart(PostgresCluster.StopMode.IMMEDIATE);
            // the pooled connection died with the server: the first call fails, the probe finds the
            // server back, and the write goes through again
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong(-1);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    written.set(files.append(log, FileKind.LOG, line));
                    return true;
                } catch (IOException e) {
                    return false; // held and retried, as core's log delivery does
                }
            });
            assertEquals(10, written.get(), "the line after the restart, once");
            assertTrue(messages(java.util.logging.Level.WARNING).size() <= 1, logged.toString());

            pg.cluster.stop(PostgresCluster.StopMode.FAST);
            long t0 = System.nanoTime();
            assertThrows(IOException.class, () -> files.append(log, FileKind.LOG, line));
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            assertThrows(IOException.class, () -> files.append(log, FileKind.LOG, line));
            long secondMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(firstMs < 5_000, "the first failure within the pool's timeout and a probe: " + firstMs + " ms");
            assertTrue(secondMs < 100, "then at once: " + secondMs + " ms");
            assertTrue(db.outage().isPresent());
            pg.cluster.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> db.outage().isEmpty());
            assertEquals(15, files.append(log, FileKind.LOG, line));
        }
    }

    @Test
    void aStatementErrorIsNoOutage() throws Exception {
        String name = pg.create();
        try (Database db = pg.database(name, "store")) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> db.call(c -> {
                        try (var s = c.createStatement()) {
                            return s.execute("SELECT * FROM no_such_table");
                        }
                    }));
            assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
            assertTrue(db.outage().isEmpty());
            assertEquals(List.of(), messages(java.util.logging.Level.WARNING));
        }
    }

    @Test
    void theNameOfADatabaseHidesItsParameters() {
        assertEquals("labwatch@db1:5432", Database.nameOf("jdbc:postgresql://db1:5432/labwatch?password=secret"));
        assertEquals("lab@db1", Database.nameOf("jdbc:postgresql://db1/lab"));
    }
}

package org.labwatch.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/**
 * One node's view of a test database, as the store builds it when it opens in the distribution: a
 * HikariCP pool with the datasource settings the launcher writes (10 connections, 2 s to get one),
 * the database with the schema applied, its files under {@code root}, and the change feed (started
 * on first use).
 */
final class TestNode implements AutoCloseable {

    final String database;
    final HikariDataSource pool;
    final Database db;
    final StoredFiles files;
    private ChangeFeed feed;

    TestNode(TestDatabases pg, String database, String applicationName, Path root) throws Exception {
        this.database = database;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.cluster.jdbcUrl(database));
        config.setUsername(pg.cluster.user());
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2000);
        config.setPoolName(applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
        this.pool = new HikariDataSource(config);
        this.db = new Database(pool, database + "@test", 200);
        db.call(c -> {
            try {
                return Migrations.bundled().prepare(c, database);
            } catch (SchemaRefused e) {
                throw new AssertionError(e);
            }
        });
        this.files = new StoredFiles(db, new PathKeys(root));
    }

    /** The node's feed, polling every 2 s and listening, as the store's defaults say. */
    synchronized ChangeFeed feed() throws Exception {
        if (feed == null) {
            feed = new ChangeFeed(files, "feed-test", 2_000, true);
            feed.start();
        }
        return feed;
    }

    @Override
    public synchronized void close() {
        if (feed != null) {
            feed.close();
        }
        db.close();
        pool.close();
    }
}

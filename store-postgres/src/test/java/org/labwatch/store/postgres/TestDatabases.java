package org.labwatch.store.postgres;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.labwatch.testsupport.PostgresCluster;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh databases on one throwaway cluster, and DataSources that reach them. A test registers it
 * with {@code @RegisterExtension}: in a static field the cluster serves the whole class (starting one
 * takes seconds), in an instance field every test gets a cluster of its own (for tests that stop it).
 */
final class TestDatabases implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final AtomicInteger NEXT = new AtomicInteger();

    PostgresCluster cluster;
    private boolean perTest;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.create();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        // JUnit calls an instance field's extension only around each test
        if (cluster == null) {
            perTest = true;
            cluster = PostgresCluster.create();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A new empty database's name. */
    String create() throws Exception {
        String name = "t" + NEXT.incrementAndGet();
        cluster.createDatabase(name);
        return name;
    }

    /** A DataSource without a pool: every getConnection is a new connection, as PGSimpleDataSource gives. */
    DataSource dataSource(String database, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(cluster.jdbcUrl(database));
        ds.setUser(cluster.user());
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(30);
        return ds;
    }

    /** A database with the schema applied, as a node's store sees it. */
    Database database(String name, String applicationName) throws Exception {
        Database db = new Database(dataSource(name, applicationName), name + "@test", 200);
        db.call(c -> {
            try {
                return Migrations.bundled().prepare(c, name);
            } catch (SchemaRefused e) {
                throw new AssertionError(e);
            }
        });
        return db;
    }

    private void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}

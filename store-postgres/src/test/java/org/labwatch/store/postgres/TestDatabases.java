package org.labwatch.store.postgres;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.labwatch.testsupport.PostgresCluster;
import org.postgresql.ds.PGSimpleDataSource;

/** Fresh databases on one throwaway cluster for a test class, and DataSources that reach them. */
final class TestDatabases implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    final PostgresCluster cluster;

    private TestDatabases(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    static TestDatabases start() throws Exception {
        return new TestDatabases(PostgresCluster.create());
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

    @Override
    public void close() {
        cluster.close();
    }
}

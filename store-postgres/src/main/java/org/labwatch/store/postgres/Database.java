package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.labwatch.spi.StoreOutage;

/**
 * The bound DataSource as the stores use it: every operation borrows a connection, runs and gives
 * it back. When the database is away (ConnectionTrouble) the store is marked away: karaf.log gets
 * one warning, every call fails at once with an IOException (an experiment's thread must not wait
 * out a pool's connection timeout on each record; its monitor holds the records and retries), and
 * a probe tries every {@code retryIntervalMs} until the database answers again, which is logged
 * once too.
 */
final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    /** Seconds a probe waits for an answer to its {@code SELECT 1}. */
    private static final int PROBE_TIMEOUT_S = 2;

    /** What runs on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final DataSource dataSource;
    private final String name;
    private final ScheduledExecutorService probe;
    private volatile long retryIntervalMs;
    /** Null while the database answers. */
    private volatile StoreOutage outage;

    private ScheduledFuture<?> probing;

    /** @param name how people know this database, "labwatch@db1:5432"; never a password */
    Database(DataSource dataSource, String name, long retryIntervalMs) {
        this.dataSource = dataSource;
        this.name = name;
        this.retryIntervalMs = retryIntervalMs;
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-postgres-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** "labwatch@db1:5432" from a JDBC URL: its host, port and database, nothing after the {@code ?}. */
    static String nameOf(String jdbcUrl) {
        String rest = jdbcUrl.startsWith("jdbc:postgresql://") ? jdbcUrl.substring(18) : jdbcUrl;
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(slash + 1) + "@" + rest.substring(0, slash);
    }

    String name() {
        return name;
    }

    void retryEvery(long ms) {
        retryIntervalMs = ms;
    }

    /** Empty while the database answers. */
    Optional<StoreOutage> outage() {
        return Optional.ofNullable(outage);
    }

    /** Runs {@code work} on a borrowed connection in auto-commit mode. */
    <T> T call(Work<T> work) throws IOException {
        try (Connection c = borrow()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) throws IOException {
        try (Connection c = borrow()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * A connection the caller keeps and closes itself (the change feed's listening connection);
     * an SQLException on it goes to {@link #failed}.
     */
    Connection keep() throws IOException {
        try {
            return borrow();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Connection borrow() throws SQLException, IOException {
        StoreOutage away = outage;
        if (away != null) {
            throw awayException(away);
        }
        return dataSource.getConnection();
    }

    /**
     * The IOException a caller throws for this SQLException; an outage marks the store away (and
     * the message says so), anything else is that operation's failure alone.
     */
    IOException failed(SQLException e) {
        if (!ConnectionTrouble.isOutage(e)) {
            return new IOException("PostgreSQL " + name + ": " + ConnectionTrouble.problem(e), e);
        }
        String problem = ConnectionTrouble.problem(e);
        if (outage == null && answersNow()) {
            // one connection ended (pg_terminate_backend, a pooler's cut), not the database
            return new IOException("PostgreSQL " + name + ": " + problem + " (the database answers; try again)", e);
        }
        return awayException(markAway(problem));
    }

    /** Whether a connection of the pool answers now. */
    private boolean answersNow() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout(PROBE_TIMEOUT_S);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static IOException awayException(StoreOutage away) {
        return new IOException("PostgreSQL store away since " + away.since() + ": " + away.problem()
                + "; writes are held and retried");
    }

    private synchronized StoreOutage markAway(String problem) {
        if (outage != null) {
            return outage;
        }
        StoreOutage away = new StoreOutage("PostgreSQL " + name, problem, Instant.now());
        outage = away;
        LOG.log(
                Level.WARNING,
                "PostgreSQL store " + name + " away since " + away.since() + ": " + problem
                        + "; holding writes, retrying every " + retryIntervalMs + " ms");
        if (!probe.isShutdown()) {
            probing = probe.schedule(this::probe, retryIntervalMs, TimeUnit.MILLISECONDS);
        }
        return away;
    }

    private void probe() {
        if (answersNow()) {
            back();
            return;
        }
        synchronized (this) {
            if (outage != null && !probe.isShutdown()) {
                probing = probe.schedule(this::probe, retryIntervalMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void back() {
        StoreOutage away = outage;
        if (away == null) {
            return;
        }
        outage = null;
        probing = null;
        long seconds = Math.max(0, Duration.between(away.since(), Instant.now()).toSeconds());
        LOG.log(Level.INFO, "PostgreSQL store " + name + " back after " + seconds + " s");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; its transaction is gone with it
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        }
    }

    @Override
    public synchronized void close() {
        if (probing != null) {
            probing.cancel(false);
        }
        probe.shutdownNow();
    }
}

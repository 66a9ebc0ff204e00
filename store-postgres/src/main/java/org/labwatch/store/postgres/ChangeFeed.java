package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.labwatch.spi.Subscription;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How every watcher of this node learns of changes, made here or on any other node: the table is
 * the truth, and this feed re-reads the rows whose {@code seq} is above the last one it saw, in
 * sequence order, and hands each to the subscribers whose directories and kinds it matches. It
 * reads when a notification on channel {@code labwatch} wakes it (one connection of the pool,
 * kept, does {@code LISTEN labwatch}) and every {@code pollIntervalMs} in any case. After every
 * (re)connect it listens first and then reads what it missed. Where LISTEN is not available
 * ({@code listen=false}, or the statement fails, as behind a transaction pooler) it only polls.
 */
final class ChangeFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());

    /** Rows read at a time; a catch-up after a long outage reads on until it has them all. */
    static final int BATCH = 5000;

    /** The longest a wait for notifications blocks, so that close() is answered within it. */
    private static final int WAIT_SLICE_MS = 250;

    /** Between tries to connect again after a failure. */
    private static final long RETRY_PAUSE_MS = 250;

    /** Told of the changed rows of its directories and kinds, in sequence order, on the feed's thread. */
    @FunctionalInterface
    interface Listener {
        void changed(List<FileRow> rows);
    }

    private record Subscriber(Set<String> dirs, Set<FileKind> kinds, Listener listener) {}

    private final StoredFiles files;
    private final String applicationName;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ReentrantLock sleep = new ReentrantLock();
    private final Condition wake = sleep.newCondition();
    private final Thread thread;

    private volatile long pollIntervalMs;
    private volatile boolean listen;
    private volatile boolean reconnect;
    private volatile boolean closed;
    private volatile long lastSeq;
    private volatile boolean listening;

    /** Owned by the feed's thread. */
    private Connection connection;

    private boolean listenRefusalTold;

    /**
     * @param applicationName the listening connection's {@code application_name}, so an operator
     *                        sees it in {@code pg_stat_activity}
     */
    ChangeFeed(StoredFiles files, String applicationName, long pollIntervalMs, boolean listen) {
        this.files = files;
        this.applicationName = applicationName;
        this.pollIntervalMs = pollIntervalMs;
        this.listen = listen;
        this.thread = new Thread(this::run, "labwatch-postgres-feed");
        this.thread.setDaemon(true);
    }

    /** Starts from the newest change now: subscribers list what exists themselves. */
    void start() throws IOException {
        lastSeq = files.lastSeq();
        thread.start();
    }

    /**
     * Tells {@code listener} of every change from now on to files of these kinds directly in these
     * directories. A subscriber that lists the directories after subscribing misses nothing; it may
     * be told again of a change its listing already showed (compare {@link FileRow#seq()}).
     */
    Subscription subscribe(Collection<Path> dirs, Set<FileKind> kinds, Listener listener) {
        PathKeys keys = files.keys();
        Subscriber s = new Subscriber(
                dirs.stream().map(keys::key).collect(Collectors.toUnmodifiableSet()),
                Set.copyOf(kinds.isEmpty() ? EnumSet.allOf(FileKind.class) : kinds),
                listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** New settings; a change of {@code listen} reconnects. */
    void settings(long pollIntervalMs, boolean listen) {
        this.pollIntervalMs = pollIntervalMs;
        if (this.listen != listen) {
            this.listen = listen;
            listenRefusalTold = false;
            reconnect = true;
        }
        wakeUp();
    }

    /** The last sequence number handed on. */
    long position() {
        return lastSeq;
    }

    /** Whether the feed holds a connection that listens now (false: it polls). */
    boolean listening() {
        return listening;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                if (connection == null || reconnect) {
                    drop();
                    connect();
                }
                catchUp();
                failures = 0;
                waitForChanges();
            } catch (SQLException e) {
                IOException said = files.database().failed(e);
                LOG.log(Level.DEBUG, "change feed: " + said.getMessage());
                drop();
                pause(afterFailure(++failures));
            } catch (IOException e) {
                // the store is away: its probe says when it is back, and the next connect catches up on
                // everything since lastSeq (trying costs nothing meanwhile: the database fails at once)
                drop();
                pause(afterFailure(++failures));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "change feed: " + e, e);
                drop();
                pause(afterFailure(++failures));
            }
        }
        drop();
    }

    /**
     * A lost connection (killed, or the database restarting) is replaced at once, and what was
     * missed read, rather than after a poll interval; a fault that stays is tried every poll interval.
     */
    private long afterFailure(int failures) {
        return failures <= 10 ? Math.min(pollIntervalMs, RETRY_PAUSE_MS) : pollIntervalMs;
    }

    /** LISTEN first, then the catch-up (the next step of the loop): nothing in between is missed. */
    private void connect() throws IOException, SQLException {
        reconnect = false;
        connection = files.database().keep();
        try (Statement s = connection.createStatement()) {
            s.execute("SET application_name = '" + applicationName.replace("'", "''") + "'");
        }
        listening = false;
        if (!listen) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("LISTEN " + StoredFiles.CHANNEL);
            listening = true;
        } catch (SQLException e) {
            if (ConnectionTrouble.isOutage(e)) {
                throw e;
            }
            if (!listenRefusalTold) {
                listenRefusalTold = true;
                LOG.log(
                        Level.WARNING,
                        "PostgreSQL store: LISTEN is not available (" + ConnectionTrouble.problem(e)
                                + "); changes from other nodes are polled every " + pollIntervalMs + " ms");
            }
        }
    }

    private void catchUp() throws SQLException {
        List<FileRow> rows;
        do {
            rows = files.changedSince(connection, lastSeq, BATCH);
            if (!rows.isEmpty()) {
                tell(rows);
                lastSeq = rows.get(rows.size() - 1).seq();
            }
        } while (rows.size() == BATCH && !closed);
    }

    private void tell(List<FileRow> rows) {
        for (Subscriber s : subscribers) {
            List<FileRow> theirs = new ArrayList<>();
            for (FileRow row : rows) {
                if (s.kinds().contains(row.kind()) && s.dirs().contains(row.dir())) {
                    theirs.add(row);
                }
            }
            if (!theirs.isEmpty()) {
                try {
                    s.listener().changed(theirs);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "a change listener failed: " + e, e);
                }
            }
        }
    }

    /** Until a notification arrives, pollIntervalMs pass, or close. */
    private void waitForChanges() throws SQLException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollIntervalMs);
        if (!listening) {
            pause(pollIntervalMs);
            return;
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed && !reconnect) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (left <= 0) {
                return;
            }
            PGNotification[] notes = pg.getNotifications((int) Math.min(left, WAIT_SLICE_MS));
            if (notes != null && notes.length > 0) {
                // the payload ("<seq> <id>") is only a wake-up: the table says what changed
                return;
            }
        }
    }

    private void pause(long ms) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        sleep.lock();
        try {
            long left;
            while (!closed && !reconnect && (left = until - System.nanoTime()) > 0) {
                wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            sleep.unlock();
        }
    }

    private void wakeUp() {
        sleep.lock();
        try {
            wake.signalAll();
        } finally {
            sleep.unlock();
        }
    }

    /** Gives the connection back, not listening: a pooled connection must not go on collecting notifications. */
    private void drop() {
        Connection c = connection;
        connection = null;
        listening = false;
        if (c == null) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
            s.execute("RESET application_name");
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        try {
            thread.join(WAIT_SLICE_MS * 4L + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

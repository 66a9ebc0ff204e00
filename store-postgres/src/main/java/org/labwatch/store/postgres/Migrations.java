package org.labwatch.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema's versioned scripts ({@code db/V<n>__<words>.sql}) and the rules for applying them:
 * an empty database gets them all at once; an older schema only by an explicit {@link #upgrade};
 * a newer one is refused. Each application is one transaction (PostgreSQL's DDL is transactional),
 * so a database never holds half a schema, and it runs under an advisory lock, so that nodes
 * starting together apply it once.
 */
final class Migrations {

    /** The bundle's scripts, in order; a new version adds its file here and in {@code db/}. */
    static final List<String> SCRIPTS = List.of("V1__files.sql");

    /** "labwatch" in ASCII, minus one: the lock held while a schema is applied (the changes' lock is "labwatch"). */
    static final long SCHEMA_LOCK = 0x6c61627761746368L - 1;

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    /** One script: its version, its name and its statements. */
    record Script(int version, String name, String sql) {

        String description() {
            Matcher m = NAME.matcher(name);
            return m.matches() ? m.group(2).replace('_', ' ') : name;
        }
    }

    /** What {@link #upgrade} did: the version found and the version now. */
    record Upgrade(int from, int to) {}

    private final List<Script> scripts;

    /** @param scripts versions 1, 2, ... in order */
    Migrations(List<Script> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration scripts must be versions 1, 2, ... in order: "
                        + scripts.stream().map(Script::name).toList());
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalArgumentException("no migration scripts");
        }
        this.scripts = List.copyOf(scripts);
    }

    /** The scripts shipped in this bundle. */
    static Migrations bundled() {
        return new Migrations(load(Migrations.class, "db/", SCRIPTS));
    }

    /** Scripts read as resources of {@code anchor}'s package, below {@code folder}. */
    static List<Script> load(Class<?> anchor, String folder, List<String> names) {
        List<Script> scripts = new ArrayList<>();
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a migration script name (V<n>__<words>.sql): " + name);
            }
            try (InputStream in = anchor.getResourceAsStream(folder + name)) {
                if (in == null) {
                    throw new IllegalStateException("migration script " + folder + name + " is not in the bundle");
                }
                scripts.add(new Script(
                        Integer.parseInt(m.group(1)), name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read migration script " + folder + name + ": " + e, e);
            }
        }
        return scripts;
    }

    List<Script> scripts() {
        return scripts;
    }

    /** The version this labwatch runs on. */
    int newest() {
        return scripts.size();
    }

    /**
     * Makes sure the database holds the schema this labwatch runs on: applies every script to an
     * empty database, leaves a current one alone, refuses an older or newer one.
     *
     * @param database how messages name the database
     * @return the version found before (0 for an empty database)
     */
    int prepare(Connection c, String database) throws SQLException, SchemaRefused {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int found = version(c);
            if (found == 0) {
                // only now the lock: a node starting on a current schema takes none
                lock(c);
                found = version(c);
                if (found == 0) {
                    apply(c, 0);
                }
            }
            refuseOther(found == 0 ? newest() : found, database);
            c.commit();
            return found;
        } catch (SQLException | SchemaRefused | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Applies the scripts the database lacks, in one transaction; a current schema is left alone.
     *
     * @throws SchemaRefused when the schema is newer than this labwatch
     * @throws SQLException when a script fails: then nothing was changed
     */
    Upgrade upgrade(Connection c, String database) throws SQLException, SchemaRefused {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            lock(c);
            int found = version(c);
            if (found > newest()) {
                throw SchemaRefused.newer(database, found, newest());
            }
            apply(c, found);
            c.commit();
            return new Upgrade(found, newest());
        } catch (SQLException | SchemaRefused | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The schema's version: 0 when the database has no labwatch schema. */
    static int version(Connection c) throws SQLException {
        // pg_tables, not to_regclass: the catalog cache may still say "no such table" after another
        // node's schema committed while this one waited for the lock (seen with four nodes racing)
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
                        + " WHERE tablename = 'labwatch_schema' AND schemaname = current_schema())")) {
            r.next();
            if (!r.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM labwatch_schema")) {
            r.next();
            return r.getInt(1);
        }
    }

    private void refuseOther(int found, String database) throws SchemaRefused {
        if (found < newest()) {
            throw SchemaRefused.older(database, found, newest());
        }
        if (found > newest()) {
            throw SchemaRefused.newer(database, found, newest());
        }
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, SCHEMA_LOCK);
            s.execute();
        }
    }

    /** Runs the scripts after version {@code from}, each recorded in labwatch_schema, in the caller's transaction. */
    private void apply(Connection c, int from) throws SQLException {
        for (Script script : scripts.subList(from, scripts.size())) {
            try (Statement s = c.createStatement()) {
                s.execute(script.sql());
            } catch (SQLException e) {
                throw new SQLException(
                        "the schema script " + script.name() + " failed, nothing was changed: " + e.getMessage(),
                        e.getSQLState(),
                        e);
            }
            // a script may record itself (V1 does); one that does not is recorded here
            try (PreparedStatement s = c.prepareStatement("INSERT INTO labwatch_schema (version, description)"
                    + " VALUES (?, ?) ON CONFLICT (version) DO NOTHING")) {
                s.setInt(1, script.version());
                s.setString(2, script.description());
                s.executeUpdate();
            }
        }
    }
}

package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Cli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void upgradeAppliesTheSchemaOnceThenHasNothingToDo() throws Exception {
        String db = pg.create();
        Path password = Files.writeString(tmp.resolve("pw"), "unused-with-trust\n");
        String url = pg.cluster.jdbcUrl(db);
        assertEquals(
                0,
                run("--jdbc-url", url, "--db-user", "postgres", "--db-password-file", password.toString(), "upgrade"),
                err.toString());
        String where = db + "@127.0.0.1:" + pg.cluster.port();
        assertEquals("Applied the labwatch schema version 2 to the empty database " + where + "\n", out.toString());
        assertEquals(0, run("--jdbc-url", url, "--db-user", "postgres", "upgrade"));
        assertEquals(
                "The labwatch schema in " + where + " is version 2, as this labwatch needs; nothing was changed\n",
                out.toString());

        pg.cluster.sql(db, "INSERT INTO labwatch_schema (version, description) VALUES (7, 'future')");
        assertEquals(1, run("--jdbc-url", url, "--db-user", "postgres", "upgrade"));
        assertTrue(err.toString().contains("is version 7, written by a newer labwatch"), err.toString());
    }

    @Test
    void aWrongCommandLineSaysHowAndAnUnreachableDatabaseSaysWhere() {
        assertEquals(2, run("upgrade"));
        assertTrue(err.toString().startsWith("--jdbc-url and --db-user are required\nusage: "), err.toString());
        assertEquals(2, run("--jdbc-url", "jdbc:mysql://x/y", "--db-user", "u", "upgrade"));
        assertEquals(2, run("--jdbc-url", pg.cluster.jdbcUrl("postgres"), "--db-user", "postgres", "downgrade"));
        assertTrue(err.toString().startsWith("unknown command downgrade"), err.toString());
        assertEquals(1, run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--db-user", "postgres", "upgrade"));
        assertTrue(err.toString().startsWith("cannot reach or change the database none@127.0.0.1:1: "), err.toString());
    }
}

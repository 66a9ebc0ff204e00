package org.labwatch.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresClusterTest {

    @Test
    void aClusterServesJdbcSurvivesRestartsAndIsGoneAfterClose() throws Exception {
        Path dir;
        try (PostgresCluster pg = PostgresCluster.create()) {
            pg.createDatabase("lab one");
            pg.sql("lab one", "CREATE TABLE t (v int); INSERT INTO t VALUES (41)");
            Properties props = new Properties();
            props.setProperty("user", pg.user());
            props.setProperty("ApplicationName", "cluster-test");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("lab one"), props);
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT v + 1 FROM t")) {
                r.next();
                assertEquals(42, r.getInt(1));
                assertEquals(1, pg.terminateBackends("cluster-test"));
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"), "a terminated connection");
            }
            pg.restart(PostgresCluster.StopMode.IMMEDIATE);
            assertEquals("41", pg.sql("lab one", "SELECT v FROM t"), "committed rows survive an immediate stop");
            dir = clusterDir(pg);
            assertTrue(Files.isDirectory(dir));
        }
        assertTrue(Files.notExists(dir), "close deletes the cluster: " + dir);
    }

    @Test
    void settingsGivenAtCreationOverrideTheTestDefaultsAcrossARestart() throws Exception {
        try (PostgresCluster pg = PostgresCluster.create("fsync=on", "full_page_writes=on")) {
            assertEquals("on", pg.sql("postgres", "SHOW fsync"));
            pg.restart(PostgresCluster.StopMode.FAST);
            assertEquals("on", pg.sql("postgres", "SHOW fsync"), "after a restart");
            assertEquals("on", pg.sql("postgres", "SHOW full_page_writes"));
            assertEquals("16MB", pg.sql("postgres", "SHOW shared_buffers"), "a default not overridden");
        }
        try (PostgresCluster pg = PostgresCluster.create()) {
            assertEquals("off", pg.sql("postgres", "SHOW fsync"), "the test default");
        }
        // A setting with a space would split into another server argument.
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PostgresCluster.create("fsync=on -c port=1"));
        assertTrue(e.getMessage().contains("'fsync=on -c port=1'"), e.getMessage());
    }

    private static Path clusterDir(PostgresCluster pg) throws Exception {
        String dataDir = pg.sql("postgres", "SHOW data_directory");
        return Path.of(dataDir).getParent();
    }
}

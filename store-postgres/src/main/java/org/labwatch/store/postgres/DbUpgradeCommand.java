package org.labwatch.store.postgres;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code labwatch:db-upgrade}: applies the schema versions the database lacks, in one
 * transaction, and the store opens; what {@code ./labwatch db upgrade} does without the shell.
 */
@Command(
        scope = "labwatch",
        name = "db-upgrade",
        description = "Upgrades the labwatch schema in the PostgreSQL database to this labwatch's version;"
                + " the store opens then (nothing changes when a script fails)")
@Service
public class DbUpgradeCommand implements Action {

    @Reference
    PostgresStore store;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        Migrations.Upgrade done = store.upgrade();
        out.println(done.describe(store.database().name()));
        return null;
    }
}

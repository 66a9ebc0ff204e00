package org.labwatch.store.postgres;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code org.labwatch.store.postgres}; every one has a default that works. */
@ObjectClassDefinition(
        id = PostgresStore.PID,
        name = "labwatch PostgreSQL store",
        description = "Status, logs, plots and metrics in PostgreSQL, shared by several labwatch nodes")
public @interface PostgresStoreConfig {

    @AttributeDefinition(
            description = "The data directory the stored paths are relative to (relative to the Karaf base"
                    + " directory); nodes sharing a database set the same value. The launcher writes the index's"
                    + " dataDir here")
    String root() default "labwatch-data";

    @AttributeDefinition(
            description = "service.ranking of the store's services: above the file stores' 0, so that they"
                    + " are used while this store is installed")
    int ranking() default 100;

    @AttributeDefinition(
            description = "Milliseconds between reads of the changes made on other nodes, also when no"
                    + " notification woke the node (the only way behind a transaction pooler)")
    long pollIntervalMs() default 2_000L;

    @AttributeDefinition(
            description = "LISTEN for change notifications (false behind PgBouncer's transaction pooling,"
                    + " where LISTEN does not work: then changes are polled)")
    boolean listen() default true;

    @AttributeDefinition(description = "Milliseconds between tries to reach the database while it is away")
    long retryIntervalMs() default 1_000L;

    @AttributeDefinition(
            description = "Larger status files are refused on write and read as unreadable, as the JSON"
                    + " status store's maxFileBytes")
    long maxStatusBytes() default 16L * 1024 * 1024;

    @AttributeDefinition(
            name = "dataSource.target",
            description = "Which javax.sql.DataSource service (pax-jdbc-config's, from"
                    + " etc/org.ops4j.datasource-labwatch.cfg) holds the store")
    String dataSource_target() default "(dataSourceName=labwatch)";
}

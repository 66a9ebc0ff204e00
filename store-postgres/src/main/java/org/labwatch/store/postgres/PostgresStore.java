package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.labwatch.spi.StoreHealth;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The PostgreSQL store of one node: the bound DataSource ({@link Database}), the schema
 * ({@link Migrations}), the change feed, and the store services, registered only while the
 * database holds the schema this labwatch runs on. {@link StoreHealth} is registered from the
 * start, so that readers can say why there is no store (away, or a schema waiting for
 * {@code labwatch:db-upgrade}). Opening runs on its own thread and is retried while the database
 * is away: an unreachable database never holds up the container.
 */
@Component(
        name = PostgresStore.PID,
        configurationPid = PostgresStore.PID,
        service = PostgresStore.class,
        immediate = true)
@Designate(ocd = PostgresStoreConfig.class)
public final class PostgresStore {

    static final String PID = "org.labwatch.store.postgres";

    /** The value of {@code labwatch.store.type} and {@code labwatch.sink.type} of this store's services. */
    static final String TYPE = "postgres";

    /** The change feed's {@code application_name}, as pg_stat_activity shows it. */
    static final String FEED_APPLICATION = "labwatch-feed";

    /** How long to wait before trying again to open after an error that is not an outage (a permission, say). */
    private static final long REOPEN_AFTER_ERROR_MS = 60_000;

    private static final System.Logger LOG = System.getLogger(PostgresStore.class.getName());

    /** The store while it is open: its files, its feed and its registered services. */
    private record Opened(StoredFiles files, ChangeFeed feed, StoreServices services) implements AutoCloseable {
        @Override
        public void close() {
            services.close();
            feed.close();
        }
    }

    private final Migrations migrations = Migrations.bundled();

    private DataSource dataSource;
    private String databaseName;
    private BundleContext context;
    private Database database;
    private Health health;
    private ServiceRegistration<StoreHealth> healthRegistration;
    private ScheduledExecutorService opener;
    private volatile PostgresStoreConfig config;

    /** Guarded by this. */
    private Opened opened;

    private boolean closed;
    private String lastRefusal;

    /**
     * Static and greedy: a different DataSource is a different database, whose schema is checked
     * again, and the pool and the feed's connection come from it; a re-activation does all that.
     */
    @Reference(name = "dataSource", policyOption = ReferencePolicyOption.GREEDY)
    void bindDataSource(DataSource dataSource, Map<String, Object> properties) {
        this.dataSource = dataSource;
        Object url = properties.get("url");
        Object name = properties.get("dataSourceName");
        this.databaseName = url != null ? Database.nameOf(url.toString()) : Objects.toString(name, "labwatch");
    }

    @Activate
    void activate(BundleContext context, PostgresStoreConfig config) {
        this.context = context;
        this.config = config;
        this.database = new Database(dataSource, databaseName, config.retryIntervalMs());
        this.health = new Health(database);
        this.healthRegistration = context.registerService(StoreHealth.class, health, null);
        this.opener = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-postgres-open");
            t.setDaemon(true);
            return t;
        });
        opener.execute(this::tryOpen);
    }

    @Modified
    void modified(PostgresStoreConfig changed) {
        PostgresStoreConfig before = config;
        config = changed;
        database.retryEvery(changed.retryIntervalMs());
        synchronized (this) {
            if (opened == null) {
                return;
            }
            if (!before.root().equals(changed.root())) {
                // every key changes meaning: the services start over with the new root
                opened.close();
                opened = null;
                opener.execute(this::tryOpen);
                return;
            }
            opened.services().rank(changed.ranking());
            opened.feed().settings(changed.pollIntervalMs(), changed.listen());
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            closed = true;
            if (opened != null) {
                opened.close();
                opened = null;
            }
        }
        opener.shutdownNow();
        healthRegistration.unregister();
        database.close();
    }

    /** The store's settings now. */
    PostgresStoreConfig config() {
        return config;
    }

    Database database() {
        return database;
    }

    /** Whether the store's services are registered. */
    synchronized boolean open() {
        return opened != null;
    }

    /**
     * Applies the schema scripts the database lacks (labwatch:db-upgrade) and opens the store.
     *
     * @throws SchemaRefused when the database holds a newer schema
     * @throws IOException when the database is away or a script failed (then nothing was changed)
     */
    Migrations.Upgrade upgrade() throws IOException, SchemaRefused {
        Object outcome = database.call(c -> {
            try {
                return migrations.upgrade(c, database.name());
            } catch (SchemaRefused e) {
                return e;
            }
        });
        if (outcome instanceof SchemaRefused refused) {
            throw refused;
        }
        opener.execute(this::tryOpen);
        return (Migrations.Upgrade) outcome;
    }

    private void tryOpen() {
        synchronized (this) {
            if (opened != null || closed) {
                return;
            }
        }
        Object outcome;
        try {
            outcome = database.call(c -> {
                try {
                    return migrations.prepare(c, database.name());
                } catch (SchemaRefused e) {
                    return e;
                }
            });
        } catch (IOException e) {
            if (database.outage().isPresent()) {
                // said once by the database; its probe finds it back, this finds the schema then
                later(config.retryIntervalMs());
            } else {
                refuse("cannot open the store: " + e.getMessage() + "; trying again every "
                        + REOPEN_AFTER_ERROR_MS / 1000 + " s");
                later(REOPEN_AFTER_ERROR_MS);
            }
            return;
        }
        if (outcome instanceof SchemaRefused refused) {
            refuse(refused.getMessage());
            return;
        }
        int found = (Integer) outcome;
        try {
            openWith(found);
        } catch (IOException e) {
            later(config.retryIntervalMs());
        }
    }

    private void openWith(int versionFound) throws IOException {
        PostgresStoreConfig c = config;
        Path base = Path.of(System.getProperty("karaf.base", "."));
        StoredFiles files =
                new StoredFiles(database, new PathKeys(base.resolve(c.root().trim())));
        ChangeFeed feed = new ChangeFeed(files, FEED_APPLICATION, c.pollIntervalMs(), c.listen());
        feed.start();
        synchronized (this) {
            if (closed || opened != null) {
                feed.close();
                return;
            }
            health.refused(null);
            lastRefusal = null;
            StoreServices services = new StoreServices(context, c.ranking());
            opened = new Opened(files, feed, services);
            registerStores(files, feed, services);
        }
        LOG.log(
                Level.INFO,
                "PostgreSQL store " + database.name() + " open, schema version " + migrations.newest()
                        + (versionFound == 0 ? " (applied to the empty database now)" : "") + ", paths relative to "
                        + files.keys().root());
    }

    /** Each store service of this bundle, over the one set of files and the one feed. */
    private void registerStores(StoredFiles files, ChangeFeed feed, StoreServices services) {
        // filled in by the stores: StatusStore, LogSink, LogSource, PlotStore, MetricSink
    }

    private void refuse(String problem) {
        health.refused(problem);
        synchronized (this) {
            if (problem.equals(lastRefusal)) {
                return;
            }
            lastRefusal = problem;
        }
        LOG.log(Level.WARNING, "PostgreSQL store " + database.name() + ": " + problem);
    }

    private void later(long ms) {
        if (!opener.isShutdown()) {
            opener.schedule(this::tryOpen, ms, TimeUnit.MILLISECONDS);
        }
    }
}

package org.labwatch.ingest;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.labwatch.internal.config.Configs;
import org.labwatch.internal.files.FileLocks;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The component behind {@link IngestServlet} and the {@code labwatch:token-*} commands: the
 * {@code org.labwatch.ingest} settings, the bound stores, the token file, and what requests share
 * (the per-file locks, the per-source gate, the timer for body deadlines), and where shippers' reports
 * of how far behind they are go ({@link ShippingReports}). The servlet takes no
 * configuration itself: Pax Web re-registers a servlet whose properties change and answers 404
 * meanwhile (web-console's package-info), so a settings change replaces fields here and applies to
 * the next request.
 *
 * <p>Every reference is optional, dynamic and greedy: a store that goes makes the requests that need
 * it answer 503 with {@code Retry-After}, and the one that comes is used from the next request.
 */
@Component(name = Ingest.PID, service = Ingest.class, configurationPid = Ingest.PID)
@Designate(ocd = IngestConfig.class)
public final class Ingest {

    static final String PID = "org.labwatch.ingest";

    private static final Logger LOG = System.getLogger(Ingest.class.getName());

    /** Target overridden by {@code logSink.target} in the configuration; only sinks that keep copies will do. */
    @Reference(
            name = "logSink",
            target = "(" + LogSink.TYPE + "=file)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LogSink logSink;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StatusStore statusStore;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PlotStore plotStore;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExperimentIndex index;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ShippingReports shipping;

    /** Stores that can be away (a database): while one is, a write that fails is answered 503, not 500. */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StoreHealth> storeHealth;

    private volatile Settings settings;
    private volatile KnownTokens tokens;

    private final Supplier<Stores> stores;
    private final ScheduledExecutorService timer;
    private final SourceGate gate = new SourceGate();
    private final BodyBudget budget = new BodyBudget();
    private final LogChunks logChunks;
    private final StatusCopies statusCopies;
    private final PlotCopies plotCopies;
    private final Manifest manifest;

    @Activate
    public Ingest(IngestConfig config) {
        this(config, null);
    }

    /**
     * @param stores what requests write through; null for the bound services (tests give the real
     *               stores directly, and get reports of their own)
     */
    Ingest(IngestConfig config, Supplier<Stores> stores) {
        if (stores != null) {
            this.shipping = new ShippingReports(config);
        }
        Settings s;
        try {
            s = Settings.of(config);
        } catch (IllegalArgumentException e) {
            // Taking remote runs with the defaults beats taking none because of one bad number.
            LOG.log(Level.ERROR, e.getMessage() + "; the defaults are used");
            s = Settings.of(Configs.defaults(IngestConfig.class));
        }
        this.settings = s;
        this.tokens = new KnownTokens(new TokenFile(s.tokensFile()));
        this.stores = stores != null ? stores : this::bound;
        FileLocks locks = new FileLocks();
        RootStates states = new RootStates();
        this.logChunks = new LogChunks(locks);
        this.statusCopies = new StatusCopies(locks, states);
        this.plotCopies = new PlotCopies(locks, states);
        this.manifest = new Manifest(states);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "labwatch-ingest-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        LOG.log(Level.INFO, PID + ": tokens are read from " + s.tokensFile());
    }

    /** A value out of range is refused (logged) and the settings in use stay. */
    @Modified
    void modified(IngestConfig config) {
        Settings changed;
        try {
            changed = Settings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, e.getMessage() + "; the settings in use stay");
            return;
        }
        if (!changed.tokensFile().equals(settings.tokensFile())) {
            tokens = new KnownTokens(new TokenFile(changed.tokensFile()));
            LOG.log(Level.INFO, PID + ": tokens are read from " + changed.tokensFile());
        }
        settings = changed;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private Stores bound() {
        ExperimentIndex i = index;
        return new Stores(
                logSink,
                statusStore,
                plotStore,
                i == null ? null : i.remoteRunsDirectory().orElse(null),
                storeHealth);
    }

    /** Where {@code Labwatch-Behind} reports go; null while none is bound. */
    ShippingReports shipping() {
        return shipping;
    }

    Settings settings() {
        return settings;
    }

    KnownTokens tokens() {
        return tokens;
    }

    Stores stores() {
        return stores.get();
    }

    SourceGate gate() {
        return gate;
    }

    BodyBudget budget() {
        return budget;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    LogChunks logChunks() {
        return logChunks;
    }

    StatusCopies statusCopies() {
        return statusCopies;
    }

    PlotCopies plotCopies() {
        return plotCopies;
    }

    Manifest manifest() {
        return manifest;
    }
}

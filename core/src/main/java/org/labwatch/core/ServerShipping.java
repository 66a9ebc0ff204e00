package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labwatch.internal.ship.ShipServer;
import org.labwatch.internal.ship.ShipToken;
import org.labwatch.internal.ship.ShippedRun;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.spi.RunInfo;

/**
 * Ships the runs of one engine to a labwatch server, when one is configured ({@code server}, or
 * the environment's {@code LABWATCH_SERVER}): each run's log, metrics, status file and saved plots, from
 * the files, on the shipper's one daemon thread (docs/remote.md). The experiment's calls do not
 * touch it except for a set insertion per saved plot and a volatile write when a run ends.
 */
final class ServerShipping {

    /** Told when the server holds everything again after an outage, with the note for the runs' logs. */
    interface Recovery {
        void caughtUp(String note, Set<Path> monitoringDirs);
    }

    private final Shipper shipper;
    private final String url;
    private final PrintStream console;
    private final Set<Path> exptPaths = new LinkedHashSet<>();

    private ServerShipping(Shipper shipper, String url, PrintStream console) {
        this.shipper = shipper;
        this.url = url;
        this.console = console;
    }

    /**
     * The shipping the settings ask for, or null when no server is configured or it cannot be used
     * (said on {@code console}; the experiment runs as without a server).
     */
    static ServerShipping of(
            CoreConfig config,
            Map<String, String> env,
            PrintStream console,
            Recovery recovery,
            Shipper.Settings settings) {
        String url = config.server().isBlank() ? env.getOrDefault("LABWATCH_SERVER", "") : config.server();
        if (url.isBlank()) {
            return null;
        }
        try {
            ShipToken token = token(config, env, console);
            char[] password = config.trustStorePassword().isEmpty()
                    ? null
                    : config.trustStorePassword().toCharArray();
            ShipServer server = ShipServer.of(
                    url, token, config.trustStore().isBlank() ? null : Path.of(config.trustStore()), password);
            Shipper shipper = Shipper.start(server, settings, console, new Shipper.Listener() {
                @Override
                public void caughtUp(String note, Set<Path> monitoringDirs) {
                    recovery.caughtUp(note, monitoringDirs);
                }
            });
            return new ServerShipping(shipper, server.url(), console);
        } catch (RuntimeException e) {
            // A setting that cannot be used must not keep the experiment from running: said, and not shipped.
            console.println("labwatch: runs are not shipped to " + url + ": " + e.getMessage());
            return null;
        }
    }

    /** The token from {@code tokenFile}, else {@code LABWATCH_TOKEN}; null (said once) when neither gives one. */
    private static ShipToken token(CoreConfig config, Map<String, String> env, PrintStream console) {
        if (!config.tokenFile().isBlank()) {
            try {
                return ShipToken.fromFile(Path.of(config.tokenFile()));
            } catch (IOException | IllegalArgumentException e) {
                console.println("labwatch: shipping: the token file " + config.tokenFile() + " cannot be used ("
                        + e.getMessage() + "); the server will refuse until it can");
                return null;
            }
        }
        String text = env.get("LABWATCH_TOKEN");
        if (text == null || text.isBlank()) {
            console.println("labwatch: shipping: no token (set labwatch.core.tokenFile or LABWATCH_TOKEN);"
                    + " the server will refuse until there is one");
            return null;
        }
        try {
            return ShipToken.of(text);
        } catch (IllegalArgumentException e) {
            console.println("labwatch: shipping: LABWATCH_TOKEN " + e.getMessage());
            return null;
        }
    }

    /** Starts shipping a run's files; null when its directory cannot be a root (said on the console). */
    ShippedRun follow(RunInfo run) {
        Path expt = run.layout().exptPath();
        String root = expt.getFileName() == null ? "" : expt.getFileName().toString();
        try {
            ShippedRun shipped = shipper.followRun(
                    run.layout().monitoringDir(),
                    root,
                    run.logFile().getFileName().toString(),
                    run.metricsFile().getFileName().toString(),
                    run.statusFile().getFileName().toString());
            synchronized (exptPaths) {
                exptPaths.add(expt);
            }
            return shipped;
        } catch (RuntimeException e) {
            console.println("labwatch: run '" + run.experimentName() + "' is not shipped: " + e.getMessage());
            return null;
        }
    }

    /**
     * At JVM exit or deactivation: waits at most {@code max} for the server to hold everything, then
     * stops. What is left is said on the console, with the command that sends it.
     */
    void finish(Duration max) {
        boolean done = shipper.awaitCaughtUp(max);
        shipper.close();
        if (done) {
            return;
        }
        List<String> missing = shipper.missing();
        List<String> dirs;
        synchronized (exptPaths) {
            dirs = new ArrayList<>();
            for (Path p : exptPaths) {
                dirs.add(p.toString());
            }
        }
        console.println("labwatch: stopped shipping to " + url + " before the server held everything"
                + (missing.isEmpty() ? "" : ":"));
        for (String line : missing) {
            console.println("  " + line);
        }
        console.println("labwatch: to send the rest: ./labwatch ship --once " + String.join(" ", dirs) + " --server "
                + url + " --token-file FILE");
    }
}

package org.labwatch.ship;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.labwatch.internal.ship.ShipServer;
import org.labwatch.internal.ship.ShipToken;
import org.labwatch.internal.ship.Shipper;

/**
 * {@code labwatch ship}: checks the command line and the directories, then ships until stopped, or
 * with {@code --once} until the server holds everything.
 */
final class ShipCommand {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;

    /** How long the last round at a stop may take: a stopped service must not hang its stopper. */
    static final Duration LAST_ROUND = Duration.ofSeconds(5);

    /** A directory to ship and its root's name on the server. */
    record Target(Path monitoringDir, String root) {}

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Shipper following;

    ShipCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @return the exit code; without --once only after {@link #stopFollowing} */
    int run(String... args) {
        ShipArguments a;
        List<Target> targets;
        ShipServer server;
        try {
            a = ShipArguments.parse(args);
            if (a.help()) {
                out.println(ShipArguments.USAGE);
                return OK;
            }
            targets = targets(a);
            server = ShipServer.of(a.server(), token(a.tokenFile()), a.trustStore(), password(a));
        } catch (ShipArguments.UsageException | IllegalArgumentException e) {
            err.println("labwatch ship: " + e.getMessage() + " (--help shows the usage)");
            return USAGE;
        }
        Shipper.Settings settings = Shipper.Settings.defaults().withInterval(a.interval());
        Shipper shipper = Shipper.start(server, settings, err, new Shipper.Listener() {
            @Override
            public void connected(String source) {
                out.println("labwatch ship: " + server.url() + " takes this token as source '" + source + "'");
            }
        });
        for (Target t : targets) {
            shipper.follow(t.monitoringDir(), t.root());
            out.println("labwatch ship: " + t.monitoringDir() + " -> root '" + t.root() + "'");
        }
        if (a.once()) {
            return once(shipper, a.timeout());
        }
        following = shipper;
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private int once(Shipper shipper, Duration timeout) {
        // Without a timeout, "until it is done": a long outage is waited out.
        boolean done;
        do {
            done = shipper.awaitCaughtUp(timeout == null ? Duration.ofDays(365) : timeout);
        } while (!done && timeout == null && !Thread.currentThread().isInterrupted());
        shipper.close();
        List<String> missing = shipper.missing();
        if (done && missing.isEmpty()) {
            out.println("labwatch ship: the server holds everything");
            return OK;
        }
        if (done) {
            // Only what the server refuses for good (said above as it happened): waiting longer would not help.
            out.println("labwatch ship: the server holds everything it accepts; not shipped:");
            for (String line : missing) {
                out.println("  " + line);
            }
            return OK;
        }
        err.println("labwatch ship: gave up" + (timeout == null ? "" : " after " + timeout.toSeconds() + " s")
                + "; the server does not hold" + (missing.isEmpty() ? " everything yet" : ":"));
        for (String line : missing) {
            err.println("  " + line);
        }
        err.println("labwatch ship: run it again to send the rest (it resumes where the server's copy ends)");
        return TIMED_OUT;
    }

    /**
     * Ends following (SIGTERM, Ctrl-C): one last round, bounded, then the shipper stops.
     *
     * @return false when nothing was being followed (a --once run, or a usage error)
     */
    boolean stopFollowing() {
        Shipper shipper = following;
        if (shipper == null) {
            return false;
        }
        shipper.awaitRound(LAST_ROUND);
        shipper.close();
        List<String> missing = shipper.missing();
        if (!missing.isEmpty()) {
            err.println("labwatch ship: stopped; not yet on the server (the next run sends it):");
            for (String line : missing) {
                err.println("  " + line);
            }
        }
        stop.countDown();
        return true;
    }

    static List<Target> targets(ShipArguments a) throws ShipArguments.UsageException {
        List<Target> targets = new ArrayList<>();
        Map<String, Path> byRoot = new HashMap<>();
        for (Path given : a.dirs()) {
            Target t = target(given, a.root());
            String problem = Shipper.rootProblem(t.root());
            if (problem != null) {
                throw new ShipArguments.UsageException("root '" + t.root() + "' of " + given + " cannot be used ("
                        + problem + "); choose one with --root NAME");
            }
            Path other = byRoot.putIfAbsent(t.root(), t.monitoringDir());
            if (other != null && !other.equals(t.monitoringDir())) {
                throw new ShipArguments.UsageException(other + " and " + t.monitoringDir() + " would both be root '"
                        + t.root() + "'; ship them one at a time with --root NAME");
            }
            if (other == null) {
                targets.add(t);
            }
        }
        return targets;
    }

    /** DIR is an experiment directory holding monitoring/, or a monitoring/ directory itself. */
    static Target target(Path given, String root) throws ShipArguments.UsageException {
        Path dir = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ShipArguments.UsageException(given + " is not a directory");
        }
        Path monitoring;
        if (Files.isDirectory(dir.resolve("monitoring"))) {
            monitoring = dir.resolve("monitoring");
        } else if (dir.getFileName() != null
                && dir.getFileName().toString().equals("monitoring")
                && dir.getParent() != null) {
            monitoring = dir;
        } else {
            throw new ShipArguments.UsageException(given + " holds no monitoring/ directory: give an experiment"
                    + " directory (DIR/monitoring/{logs,status,plots,metrics}) or its monitoring/ directory");
        }
        Path expt = monitoring.getParent();
        String name = root != null
                ? root
                : expt.getFileName() == null ? "" : expt.getFileName().toString();
        return new Target(monitoring, name);
    }

    private static ShipToken token(Path file) throws ShipArguments.UsageException {
        try {
            return ShipToken.fromFile(file);
        } catch (IOException e) {
            throw new ShipArguments.UsageException("token file " + file + " cannot be read: " + e);
        }
    }

    private static char[] password(ShipArguments a) throws ShipArguments.UsageException {
        if (a.trustStorePasswordFile() == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(a.trustStorePasswordFile(), StandardCharsets.UTF_8);
            return lines.isEmpty() ? new char[0] : lines.get(0).strip().toCharArray();
        } catch (IOException e) {
            throw new ShipArguments.UsageException(
                    "trust store password file " + a.trustStorePasswordFile() + " cannot be read: " + e);
        }
    }
}

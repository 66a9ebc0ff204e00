package org.labwatch.ship;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code labwatch ship}, parsed; a {@link UsageException} says what is wrong with it. */
record ShipArguments(
        List<Path> dirs,
        String server,
        Path tokenFile,
        boolean once,
        Duration timeout,
        String root,
        Path trustStore,
        Path trustStorePasswordFile,
        Duration interval,
        boolean help) {

    static final String USAGE = String.join(
            "\n",
            "usage: java -jar labwatch-ship.jar DIR... --server URL --token-file FILE [--once [--timeout S]]",
            "           [--root NAME] [--trust-store FILE [--trust-store-password-file FILE]] [--interval-ms N]",
            "",
            "Ships monitoring directories to a labwatch server (docs/remote.md), from where the server's copy ends.",
            "  DIR                      an experiment directory holding monitoring/, or a monitoring/ directory",
            "  --server URL             the server, e.g. https://labserver:8888",
            "  --token-file FILE        the source's token (./labwatch token add NAME on the server); last line used",
            "  --once                   ship what is there, exit 0 when the server holds all of it",
            "  --timeout S              with --once: give up after S seconds, exit 3, saying what is missing",
            "  --root NAME              the root's name on the server (one DIR only); default the experiment",
            "                           directory's name",
            "  --trust-store FILE       PKCS12 or JKS trust store for a lab CA (default: the JVM's trusted CAs)",
            "  --trust-store-password-file FILE",
            "  --interval-ms N          how often files are looked at (default 200)",
            "Without --once it follows the files until stopped (Ctrl-C or SIGTERM: a last round, then exit 0).",
            "Exit codes: 0 done, 2 usage or a directory without monitoring/, 3 --once timed out.");

    /** A command line that cannot be run; exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static ShipArguments parse(String... args) throws UsageException {
        List<Path> dirs = new ArrayList<>();
        String server = null;
        Path tokenFile = null;
        boolean once = false;
        Duration timeout = null;
        String root = null;
        Path trustStore = null;
        Path trustStorePasswordFile = null;
        Duration interval = Duration.ofMillis(200);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return new ShipArguments(List.of(), null, null, false, null, null, null, null, interval, true);
                }
                case "--once" -> once = true;
                case "--server" -> server = value(args, ++i, a);
                case "--token-file" -> tokenFile = Path.of(value(args, ++i, a));
                case "--timeout" -> timeout = Duration.ofSeconds(positive(value(args, ++i, a), a));
                case "--root" -> root = value(args, ++i, a);
                case "--trust-store" -> trustStore = Path.of(value(args, ++i, a));
                case "--trust-store-password-file" -> trustStorePasswordFile = Path.of(value(args, ++i, a));
                case "--interval-ms" -> interval = Duration.ofMillis(positive(value(args, ++i, a), a));
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    }
                    dirs.add(Path.of(a));
                }
            }
        }
        if (dirs.isEmpty()) {
            throw new UsageException("no DIR to ship");
        }
        if (server == null) {
            throw new UsageException("--server URL is required");
        }
        if (tokenFile == null) {
            throw new UsageException("--token-file FILE is required");
        }
        if (timeout != null && !once) {
            throw new UsageException("--timeout goes with --once");
        }
        if (root != null && dirs.size() > 1) {
            throw new UsageException("--root names one root: give one DIR with it");
        }
        if (trustStorePasswordFile != null && trustStore == null) {
            throw new UsageException("--trust-store-password-file goes with --trust-store");
        }
        return new ShipArguments(
                List.copyOf(dirs),
                server,
                tokenFile,
                once,
                timeout,
                root,
                trustStore,
                trustStorePasswordFile,
                interval,
                false);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static long positive(String text, String option) throws UsageException {
        try {
            long n = Long.parseLong(text.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " needs a positive whole number, not '" + text + "'");
    }
}

package org.labwatch.store.postgres;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store's commands without Karaf, for the launcher ({@code ./labwatch db upgrade},
 * {@code ./labwatch import DIR...}): {@code java -cp <this bundle's jar>:<postgresql jar>[:<labwatch-api jar>]
 * org.labwatch.store.postgres.Cli --jdbc-url URL --db-user USER [--db-password-file FILE] [--root DIR]
 * upgrade | import DIR...} ({@code import} reads plots and names by the API's rules, so it needs the
 * API jar too; {@link RunImport}). It connects with
 * the driver's own DataSource (no pool), says what it did on stdout, and exits 0; a problem goes
 * to stderr with exit status 1, a wrong command line with 2.
 */
public final class Cli {

    static final String USAGE = "usage: Cli --jdbc-url URL --db-user USER [--db-password-file FILE] [--root DIR]"
            + " upgrade | import DIR...\n"
            + "  upgrade   apply the schema versions the database lacks (one transaction; nothing changes on error)\n"
            + "  import    copy the runs of each DIR (an experiment directory holding monitoring/, or a monitoring/"
            + " directory)\n"
            + "            into the database under their paths (relative to --root where below it); again changes"
            + " nothing";

    /** The command line: where the database is, who connects, the data directory, the command and its arguments. */
    record Options(String jdbcUrl, String user, Path passwordFile, Path root, String command, List<String> arguments) {

        static Options parse(String[] args) {
            String url = null;
            String user = null;
            Path password = null;
            Path root = Path.of("labwatch-data");
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--jdbc-url" -> url = value(args, ++i, a);
                    case "--db-user" -> user = value(args, ++i, a);
                    case "--db-password-file" -> password = Path.of(value(args, ++i, a));
                    case "--root" -> root = Path.of(value(args, ++i, a));
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        rest.add(a);
                    }
                }
            }
            if (url == null || user == null) {
                throw new IllegalArgumentException("--jdbc-url and --db-user are required");
            }
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL, not " + url);
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            return new Options(url, user, password, root, rest.get(0), List.copyOf(rest.subList(1, rest.size())));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** The driver's DataSource for these options; the password from its file, without the line end. */
        PGSimpleDataSource dataSource() throws IOException {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(user);
            if (passwordFile != null) {
                ds.setPassword(
                        Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
            }
            ds.setApplicationName("labwatch-cli");
            return ds;
        }

        String database() {
            return Database.nameOf(jdbcUrl);
        }
    }

    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit status */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            switch (options.command()) {
                case "upgrade" -> upgrade(options, out);
                case "import" -> {
                    return importRuns(options, out, err);
                }
                default -> {
                    err.println("unknown command " + options.command());
                    err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (SchemaRefused e) {
            err.println(e.getMessage());
        } catch (SQLException e) {
            err.println("cannot reach or change the database " + options.database() + ": " + e.getMessage());
        } catch (IOException e) {
            err.println(e.getMessage());
        }
        return 1;
    }

    /** @return the exit status: 2 for a DIR that is none, 1 when files were left alone, else 0 */
    private static int importRuns(Options options, PrintStream out, PrintStream err)
            throws IOException, SQLException, SchemaRefused {
        if (options.arguments().isEmpty()) {
            err.println("import needs at least one DIR");
            err.println(USAGE);
            return 2;
        }
        try {
            Class.forName("org.labwatch.spi.PlotType", false, Cli.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            err.println("import needs the labwatch-api jar on the class path beside this one:"
                    + " java -cp <store-postgres jar>:<postgresql jar>:<labwatch-api jar> " + Cli.class.getName());
            return 1;
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : options.arguments()) {
            try {
                dirs.add(RunImport.monitoringDir(Path.of(dir)));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        try (OneConnection connection = new OneConnection(options.dataSource())) {
            try (Connection c = connection.getConnection()) {
                // an empty database gets the schema; an older or newer one is refused, before anything is copied
                Migrations.bundled().prepare(c, options.database());
            }
            try (Database db = new Database(connection, options.database(), 1000)) {
                RunImport job = new RunImport(new StoredFiles(db, new PathKeys(options.root())), out);
                RunImport.Counts all = new RunImport.Counts();
                for (Path dir : dirs) {
                    all.add(job.run(dir));
                }
                if (dirs.size() > 1) {
                    out.println("in all: " + all.describe());
                }
                if (all.refused > 0) {
                    err.println(all.refused + (all.refused == 1 ? " file was" : " files were")
                            + " not imported, as said above");
                    return 1;
                }
                return 0;
            }
        }
    }

    private static void upgrade(Options options, PrintStream out) throws IOException, SQLException, SchemaRefused {
        try (Connection c = options.dataSource().getConnection()) {
            Migrations.Upgrade done = Migrations.bundled().upgrade(c, options.database());
            out.println(done.describe(options.database()));
        }
    }
}

package org.labwatch.ship;

/**
 * {@code java -jar labwatch-ship.jar DIR... --server URL --token-file FILE [--once]}: ships
 * monitoring directories to a labwatch server. See {@link ShipArguments#USAGE}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        ShipCommand command = new ShipCommand(System.out, System.err);
        // SIGTERM or Ctrl-C while following: a last round, then exit 0 (halt: System.exit would wait for this hook).
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (command.stopFollowing()) {
                                System.out.flush();
                                System.err.flush();
                                Runtime.getRuntime().halt(ShipCommand.OK);
                            }
                        },
                        "labwatch-ship-stop"));
        System.exit(command.run(args));
    }
}

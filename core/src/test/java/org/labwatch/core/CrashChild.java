package org.labwatch.core;

import java.nio.file.Path;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * Run in a child JVM by {@link KillTest}: logs numbered lines and updates progress as fast as it
 * can, printing each number only after {@code log} returned. With "exit", it returns from main
 * without closing the monitor instead of running until killed.
 */
public final class CrashChild {

    public static void main(String[] args) {
        Path expt = Path.of(args[0]);
        boolean exit = args.length > 1 && args[1].equals("exit");
        Monitor monitor = Monitors.create(expt, "crash");
        for (long i = 0; ; i++) {
            monitor.log("line " + i);
            if (i % 50 == 0) {
                monitor.updateProgress("step " + i / 50, (int) (i / 50 % 1000), 1000);
            }
            System.out.println(i);
            if (exit && i == 100) {
                System.out.flush();
                return;
            }
        }
    }
}

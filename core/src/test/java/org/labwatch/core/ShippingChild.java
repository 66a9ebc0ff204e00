package org.labwatch.core;

import java.nio.file.Path;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * Run in a child JVM by {@link ShippingAtExitTest} with {@code -Dlabwatch.core.server} set: logs,
 * saves a plot and returns from main, with the run closed or (with "open") left open for the JVM's
 * exit to mark interrupted. Whatever shipping has not sent by then is left to the exit's bounded wait.
 */
public final class ShippingChild {

    public static void main(String[] args) {
        Monitor monitor = Monitors.create(Path.of(args[0]), "night");
        for (int i = 0; i < 2000; i++) {
            monitor.log("point " + i + " of the night");
        }
        monitor.updateProgress("sweep", 1, 1);
        monitor.savePlot(ShippingTest.image(java.awt.Color.CYAN), "overview");
        if (args.length > 1 && args[1].equals("open")) {
            return;
        }
        monitor.complete("done");
        monitor.close();
    }
}

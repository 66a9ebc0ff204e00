package org.labwatch.api;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Entry point outside a container: {@code Monitors.create(exptPath, "autocalibration")}. */
public final class Monitors {

    private Monitors() {}

    /**
     * The Java spelling of the seed's {@code create_monitor(expt_path, name)}.
     *
     * @throws IllegalArgumentException if the name is not a safe file name
     * @throws IllegalStateException    if no implementation is on the class path
     */
    public static Monitor create(Path exptPath, String experimentName) {
        return factory().create(exptPath, experimentName);
    }

    private static MonitorFactory factory() {
        ClassLoader loader = Monitors.class.getClassLoader();
        try {
            Iterator<MonitorFactory> found =
                    ServiceLoader.load(MonitorFactory.class, loader).iterator();
            if (found.hasNext()) {
                return found.next();
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "labwatch: the MonitorFactory implementation could not be loaded: " + e.getMessage(), e);
        }
        throw new IllegalStateException("labwatch: no MonitorFactory implementation found on the class path. "
                + "Add labwatch-core.jar together with labwatch-log-sink.jar, labwatch-status-store.jar "
                + "(and its Jackson jars) and labwatch-plot-store.jar next to labwatch-api.jar.");
    }
}

package org.labwatch.api;

import java.nio.file.Path;

/**
 * Creates monitors. In Karaf this is an OSGi service that experiment bundles get injected;
 * outside a container, {@link Monitors#create(Path, String)} finds one with {@link java.util.ServiceLoader}.
 */
public interface MonitorFactory {

    /**
     * Starts a new run of an experiment whose files live under {@code <exptPath>/monitoring/}.
     * A status file left there by an earlier run is kept under a new name, never overwritten.
     *
     * @throws IllegalArgumentException if {@code experimentName} is not a safe file name
     *                                  (see {@link Names#checkName(String, String)})
     */
    Monitor create(Path exptPath, String experimentName);
}

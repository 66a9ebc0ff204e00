package org.labwatch.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.labwatch.api.Monitor;
import org.labwatch.api.MonitorFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The simulated calibration as a component inside Karaf, so that {@code ./labwatch --demo} shows a
 * newcomer a live run on the server. It exists only while {@code etc/org.labwatch.demo.cfg} does and
 * runs on its own thread; deactivation (bundle stop, cfg deleted, container shutdown) interrupts it
 * and the run is marked interrupted.
 *
 * <p>Config Admin keeps a configuration across restarts even after its file is gone, so a restart
 * would run the demo again: a {@code runId} (the launcher writes a new one per start, and per
 * {@code --demo} given while the server runs) runs once. A new one while a run is going re-activates
 * the component, which stops that run first: two runs under one name would share a status file.
 */
@Component(
        name = DemoExperiment.PID,
        configurationPid = DemoExperiment.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = DemoExperiment.Config.class)
public final class DemoExperiment {

    static final String PID = "org.labwatch.demo";

    @ObjectClassDefinition(
            id = PID,
            name = "labwatch demo experiment",
            description = "Runs the simulated 10-step qubit calibration through the MonitorFactory service")
    @interface Config {

        @AttributeDefinition(description = "Run the demo when this configuration is (re)applied")
        boolean enabled() default false;

        @AttributeDefinition(
                description =
                        "Experiment directory; files go to its monitoring/ (relative to the Karaf base directory)")
        String dataDir() default "labwatch-data";

        @AttributeDefinition(description = "Experiment name: the status file is <name>_status.json")
        String experimentName() default "demo_calibration";

        @AttributeDefinition(description = "Simulated measuring time per step, in seconds")
        double stepSeconds() default 3.0;

        @AttributeDefinition(description = "Runs the demo once per distinct value; empty: on every activation")
        String runId() default "";
    }

    private static final int POINTS_PER_STEP = 60;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Thread runner;

    @Activate
    public DemoExperiment(@Reference MonitorFactory factory, Config config, BundleContext context) throws IOException {
        if (!config.enabled() || alreadyRan(context.getDataFile("last-run-id"), config.runId())) {
            runner = null;
            return;
        }
        Path dataDir = Path.of(config.dataDir());
        String name = config.experimentName();
        Duration pointPause = Duration.ofNanos((long) (config.stepSeconds() * 1e9 / POINTS_PER_STEP));
        runner = new Thread(() -> run(factory, dataDir, name, pointPause), "labwatch-demo-" + name);
        runner.start();
    }

    private static boolean alreadyRan(File lastRunFile, String runId) throws IOException {
        if (runId.isEmpty() || lastRunFile == null) {
            return false;
        }
        Path lastRun = lastRunFile.toPath();
        if (Files.exists(lastRun) && Files.readString(lastRun).equals(runId)) {
            return true;
        }
        Files.writeString(lastRun, runId);
        return false;
    }

    private static void run(MonitorFactory factory, Path dataDir, String name, Duration pointPause) {
        try (Monitor monitor = factory.create(dataDir, name)) {
            try {
                new CalibrationDemo(monitor, pointPause, System.nanoTime()).run();
            } catch (InterruptedException e) {
                // close() below marks the run interrupted; say why in its log first.
                monitor.warn("Demo stopped before its end: the demo component was deactivated"
                        + " (a new demo run was started, its configuration changed, or the server stopped)");
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                monitor.fail("Demo failed: " + e, e);
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (runner != null) {
            runner.interrupt();
            runner.join(STOP_WAIT.toMillis());
        }
    }
}

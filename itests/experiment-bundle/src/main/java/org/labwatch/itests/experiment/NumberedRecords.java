package org.labwatch.itests.experiment;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.labwatch.api.Monitor;
import org.labwatch.api.MonitorFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Logs {@code record 1} ... {@code record N} at a steady pace, with a step every 1,000 records, then
 * completes. The pace keeps the run going while a test restarts sinks and edits their configuration,
 * so the records that cross each swap are the ones counted afterwards.
 */
@Component(
        name = NumberedRecords.PID,
        configurationPid = NumberedRecords.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = NumberedRecords.Config.class)
public final class NumberedRecords {

    static final String PID = "org.labwatch.itests.experiment";

    @ObjectClassDefinition(id = PID, name = "labwatch itests: numbered records")
    @interface Config {
        @AttributeDefinition(description = "Experiment directory")
        String dataDir();

        String experimentName() default "numbered_records";

        int records() default 20_000;

        int recordsPerSecond() default 500;
    }

    private static final int RECORDS_PER_STEP = 1_000;

    private final Thread runner;

    @Activate
    public NumberedRecords(@Reference MonitorFactory factory, Config config) {
        if (config.records() < 1 || config.recordsPerSecond() < 1) {
            throw new IllegalArgumentException("records and recordsPerSecond must be positive, got " + config.records()
                    + " and " + config.recordsPerSecond());
        }
        Path dataDir = Path.of(config.dataDir());
        runner = new Thread(() -> run(factory, dataDir, config), "numbered-records-" + config.experimentName());
        runner.start();
    }

    private static void run(MonitorFactory factory, Path dataDir, Config config) {
        int total = config.records();
        int steps = (total + RECORDS_PER_STEP - 1) / RECORDS_PER_STEP;
        long period = TimeUnit.SECONDS.toNanos(1) / config.recordsPerSecond();
        try (Monitor monitor = factory.create(dataDir, config.experimentName())) {
            long start = System.nanoTime();
            for (int i = 1; i <= total; i++) {
                if (i % RECORDS_PER_STEP == 1) {
                    monitor.updateProgress("records " + i + "+", i / RECORDS_PER_STEP + 1, steps);
                }
                monitor.log("record " + i);
                // A schedule, not a pause per record: a slow record is caught up, the total time stays put.
                long due = start + i * period;
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        monitor.warn("stopped after record " + i + ": the component was deactivated");
                        return;
                    }
                }
            }
            monitor.complete("all " + total + " records written");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        runner.interrupt();
        runner.join(5_000);
    }
}

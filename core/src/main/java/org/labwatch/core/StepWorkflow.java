package org.labwatch.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.labwatch.api.Workflow;

/** The seed's "Full Integration" loop: numbered steps, skipped or run, timed, failures recorded. */
final class StepWorkflow implements Workflow {

    private final RunMonitor monitor;
    private final List<String> steps;
    private volatile boolean continueOnError;

    StepWorkflow(RunMonitor monitor, List<String> steps) {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a workflow needs at least one step name");
        }
        for (String s : steps) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("workflow step names must not be null or blank: " + steps);
            }
        }
        this.monitor = monitor;
        this.steps = List.copyOf(steps);
    }

    @Override
    public <T> Optional<T> step(String name, boolean enabled, Callable<T> body) throws Exception {
        int number = steps.indexOf(name) + 1;
        if (number == 0) {
            throw new IllegalArgumentException("'" + name + "' is not a step of this workflow " + steps);
        }
        if (body == null) {
            throw new IllegalArgumentException("step '" + name + "': body must not be null");
        }
        int total = steps.size();
        if (!enabled) {
            monitor.updateProgress(name, number, total, "Skipped");
            monitor.log("Skipping " + name + " (not enabled)");
            return Optional.empty();
        }
        monitor.updateProgress(name, number, total, "Starting " + name + "...");
        long start = System.nanoTime();
        try {
            T result = body.call();
            double seconds = (System.nanoTime() - start) / 1e9;
            monitor.stepFinished(
                    name,
                    number,
                    total,
                    seconds,
                    String.format(Locale.ROOT, "%s completed in %s", name, duration(seconds)));
            return Optional.ofNullable(result);
        } catch (Exception | Error e) {
            double seconds = (System.nanoTime() - start) / 1e9;
            String text = String.format(Locale.ROOT, "%s failed after %s: %s", name, duration(seconds), e);
            monitor.stepFailed(name, number, total, seconds, text, e);
            if (continueOnError && e instanceof Exception) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void step(String name, boolean enabled, ThrowingRunnable body) throws Exception {
        if (body == null) {
            throw new IllegalArgumentException("step '" + name + "': body must not be null");
        }
        step(name, enabled, () -> {
            body.run();
            return null;
        });
    }

    @Override
    public Workflow continueOnError(boolean yes) {
        continueOnError = yes;
        return this;
    }

    static String duration(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : BarLine.clock(seconds);
    }
}

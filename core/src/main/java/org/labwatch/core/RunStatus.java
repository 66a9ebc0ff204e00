package org.labwatch.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.RunInfo;

/**
 * The live status of one run, bounded: recent messages, errors, steps and plots, counts of all.
 * Messages are kept as the log records themselves and turned into status entries only when a
 * snapshot is written, so a log call costs no conversion. Not thread-safe: the monitor's lock guards it.
 */
final class RunStatus {

    private final RunInfo run;
    private final HostIdentity identity;
    private final ZoneId zone;
    private final Ring<LogRecord> messages;
    private final Ring<ErrorRecord> errors;
    private final Ring<StepRecord> steps;
    private final LinkedHashMap<String, PlotRecord> plots = new LinkedHashMap<>();
    private final int plotsKept;
    private final BarBoard bars;
    private final MetricRecorder metrics;
    private final int metricsKept;
    private boolean stepsSeen;

    private Instant lastUpdate;
    private Instant heartbeat;
    private int currentStep;
    private int totalSteps;
    private double progressPercent;
    private RunState state = RunState.RUNNING;
    private String finalMessage;
    private OffsetDateTime completedTime;
    private long messageCount;
    private long errorCount;
    private long version;

    RunStatus(
            RunInfo run, HostIdentity identity, ZoneId zone, CoreConfig config, BarBoard bars, MetricRecorder metrics) {
        this.bars = bars;
        this.metrics = metrics;
        this.metricsKept = Math.max(0, config.metricsKept());
        this.run = run;
        this.identity = identity;
        this.zone = zone;
        this.messages = new Ring<>(config.messagesKept());
        this.errors = new Ring<>(config.errorsKept());
        this.steps = new Ring<>(config.stepsKept());
        this.plotsKept = Math.max(0, config.plotsKept());
        this.lastUpdate = run.startTime().toInstant();
        this.heartbeat = lastUpdate;
    }

    /**
     * Grows with every change; the writer compares it to what it last wrote. Metric values count
     * through their recorder's version, so that the experiment's metric calls never touch this
     * object (or the run's lock) and the status is still written within the flush interval.
     */
    long version() {
        return version + metrics.version();
    }

    RunState state() {
        return state;
    }

    void message(LogRecord record) {
        messages.add(record);
        messageCount++;
        touch(record.time());
    }

    void error(Instant time, String message, String traceback) {
        errors.add(new ErrorRecord(at(time), message, traceback));
        errorCount++;
        touch(time);
    }

    void step(Instant time, String name, int number, int total, String message) {
        step(time, name, number, total, message, null);
    }

    /** A step entry; {@code durationSeconds} is set when a workflow step ended. */
    void step(Instant time, String name, int number, int total, String message, Double durationSeconds) {
        stepsSeen = true;
        steps.add(new StepRecord(name, number, at(time), message, durationSeconds));
        currentStep = number;
        totalSteps = total;
        if (total > 0) {
            progressPercent = percent(number, total);
        }
        touch(time);
    }

    void plot(Instant time, String name, String file, String mediaType, long bytes) {
        plots.remove(file);
        plots.put(file, new PlotRecord(name, file, at(time), mediaType, bytes));
        while (plots.size() > plotsKept) {
            plots.remove(plots.keySet().iterator().next());
        }
        touch(time);
    }

    void finish(Instant time, RunState finalState, String message) {
        state = finalState;
        finalMessage = message;
        completedTime = at(time);
        if (finalState == RunState.COMPLETED) {
            progressPercent = 100.0;
            if (totalSteps > 0) {
                currentStep = Math.max(currentStep, totalSteps);
            }
        }
        touch(time);
    }

    /** Bars moved: the next write carries them (the timer throttles how often that is). */
    void barsChanged() {
        version++;
    }

    void heartbeat(Instant time) {
        heartbeat = time;
        version++;
    }

    ExperimentStatus snapshot() {
        List<MessageRecord> recent = messages.map(r -> new MessageRecord(at(r.time()), r.level(), r.message()));
        return ExperimentStatus.builder(run.experimentName())
                .startTime(run.startTime())
                .lastUpdate(at(latestUpdate()))
                .currentStep(currentStep)
                .totalSteps(totalSteps)
                .progressPercent(percent())
                .status(state)
                .steps(steps.map(s -> s))
                .messages(recent)
                .errors(errors.map(e -> e))
                .message(finalMessage)
                .completedTime(completedTime)
                .host(identity.host())
                .pid(identity.pid())
                .heartbeat(at(heartbeat))
                .plots(List.copyOf(plots.values()))
                .progressBars(bars.records())
                .messageCount(messageCount)
                .errorCount(errorCount)
                .logFile(run.logFile().getFileName().toString())
                .metrics(metrics.summaries(metricsKept, zone))
                .build();
    }

    /** A metric value is the run reporting something too. */
    private Instant latestUpdate() {
        long metricMillis = metrics.lastUpdatedMillis();
        return metricMillis > lastUpdate.toEpochMilli() ? Instant.ofEpochMilli(metricMillis) : lastUpdate;
    }

    /** The seed's step-based percent; a run without steps follows its outermost running bar. */
    private double percent() {
        if (!stepsSeen && !state.isFinished()) {
            Double barPercent = bars.outermostPercent();
            if (barPercent != null) {
                return barPercent;
            }
        }
        return progressPercent;
    }

    private void touch(Instant time) {
        lastUpdate = time;
        version++;
    }

    private OffsetDateTime at(Instant time) {
        return OffsetDateTime.ofInstant(time.truncatedTo(ChronoUnit.MILLIS), zone);
    }

    private static double percent(int number, int total) {
        double p = Math.max(0, Math.min(number, total)) * 100.0 / total;
        return Math.round(p * 10.0) / 10.0;
    }
}

package org.labwatch.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The content of {@code <name>_status.json}: every field of the seed's format with its meaning,
 * plus labwatch's extensions. Lists are immutable copies; absent optional values are null.
 *
 * <p>{@code messageCount} and {@code errorCount} count every message and error of the run, while
 * {@code messages} and {@code errors} keep only the most recent ones (the log file has all).
 * {@code formatVersion} is 0 for files written by the seed's Python tool. {@code metrics} holds the
 * summaries of the most recently updated metrics, least recent first (the metrics file has every value).
 */
public record ExperimentStatus(
        int formatVersion,
        String experimentName,
        OffsetDateTime startTime,
        OffsetDateTime lastUpdate,
        int currentStep,
        int totalSteps,
        double progressPercent,
        RunState status,
        List<StepRecord> steps,
        List<MessageRecord> messages,
        List<ErrorRecord> errors,
        String message,
        OffsetDateTime completedTime,
        String host,
        Long pid,
        OffsetDateTime heartbeat,
        List<PlotRecord> plots,
        List<ProgressBarRecord> progressBars,
        long messageCount,
        long errorCount,
        String logFile,
        List<MetricSummary> metrics) {

    /** The format labwatch writes; readers accept 0 (the seed) up to this. */
    public static final int FORMAT_VERSION = 1;

    public ExperimentStatus {
        Objects.requireNonNull(experimentName, "experimentName");
        status = status == null ? RunState.UNKNOWN : status;
        steps = List.copyOf(steps == null ? List.of() : steps);
        messages = List.copyOf(messages == null ? List.of() : messages);
        errors = List.copyOf(errors == null ? List.of() : errors);
        plots = List.copyOf(plots == null ? List.of() : plots);
        progressBars = List.copyOf(progressBars == null ? List.of() : progressBars);
        metrics = List.copyOf(metrics == null ? List.of() : metrics);
    }

    /**
     * The constructor before {@code metrics} existed, kept so that code compiled against it still
     * links; builds a status without metric summaries.
     */
    public ExperimentStatus(
            int formatVersion,
            String experimentName,
            OffsetDateTime startTime,
            OffsetDateTime lastUpdate,
            int currentStep,
            int totalSteps,
            double progressPercent,
            RunState status,
            List<StepRecord> steps,
            List<MessageRecord> messages,
            List<ErrorRecord> errors,
            String message,
            OffsetDateTime completedTime,
            String host,
            Long pid,
            OffsetDateTime heartbeat,
            List<PlotRecord> plots,
            List<ProgressBarRecord> progressBars,
            long messageCount,
            long errorCount,
            String logFile) {
        this(
                formatVersion,
                experimentName,
                startTime,
                lastUpdate,
                currentStep,
                totalSteps,
                progressPercent,
                status,
                steps,
                messages,
                errors,
                message,
                completedTime,
                host,
                pid,
                heartbeat,
                plots,
                progressBars,
                messageCount,
                errorCount,
                logFile,
                List.of());
    }

    public static Builder builder(String experimentName) {
        return new Builder(experimentName);
    }

    public Builder toBuilder() {
        return new Builder(experimentName)
                .formatVersion(formatVersion)
                .startTime(startTime)
                .lastUpdate(lastUpdate)
                .currentStep(currentStep)
                .totalSteps(totalSteps)
                .progressPercent(progressPercent)
                .status(status)
                .steps(steps)
                .messages(messages)
                .errors(errors)
                .message(message)
                .completedTime(completedTime)
                .host(host)
                .pid(pid)
                .heartbeat(heartbeat)
                .plots(plots)
                .progressBars(progressBars)
                .messageCount(messageCount)
                .errorCount(errorCount)
                .logFile(logFile)
                .metrics(metrics);
    }

    /** Named setters for a record this wide; writers and readers both build through it. */
    public static final class Builder {
        private int formatVersion = FORMAT_VERSION;
        private final String experimentName;
        private OffsetDateTime startTime;
        private OffsetDateTime lastUpdate;
        private int currentStep;
        private int totalSteps;
        private double progressPercent;
        private RunState status = RunState.RUNNING;
        private List<StepRecord> steps;
        private List<MessageRecord> messages;
        private List<ErrorRecord> errors;
        private String message;
        private OffsetDateTime completedTime;
        private String host;
        private Long pid;
        private OffsetDateTime heartbeat;
        private List<PlotRecord> plots;
        private List<ProgressBarRecord> progressBars;
        private long messageCount;
        private long errorCount;
        private String logFile;
        private List<MetricSummary> metrics;

        private Builder(String experimentName) {
            this.experimentName = experimentName;
        }

        public Builder formatVersion(int v) {
            formatVersion = v;
            return this;
        }

        public Builder startTime(OffsetDateTime v) {
            startTime = v;
            return this;
        }

        public Builder lastUpdate(OffsetDateTime v) {
            lastUpdate = v;
            return this;
        }

        public Builder currentStep(int v) {
            currentStep = v;
            return this;
        }

        public Builder totalSteps(int v) {
            totalSteps = v;
            return this;
        }

        public Builder progressPercent(double v) {
            progressPercent = v;
            return this;
        }

        public Builder status(RunState v) {
            status = v;
            return this;
        }

        public Builder steps(List<StepRecord> v) {
            steps = v;
            return this;
        }

        public Builder messages(List<MessageRecord> v) {
            messages = v;
            return this;
        }

        public Builder errors(List<ErrorRecord> v) {
            errors = v;
            return this;
        }

        public Builder message(String v) {
            message = v;
            return this;
        }

        public Builder completedTime(OffsetDateTime v) {
            completedTime = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder pid(Long v) {
            pid = v;
            return this;
        }

        public Builder heartbeat(OffsetDateTime v) {
            heartbeat = v;
            return this;
        }

        public Builder plots(List<PlotRecord> v) {
            plots = v;
            return this;
        }

        public Builder progressBars(List<ProgressBarRecord> v) {
            progressBars = v;
            return this;
        }

        public Builder messageCount(long v) {
            messageCount = v;
            return this;
        }

        public Builder errorCount(long v) {
            errorCount = v;
            return this;
        }

        public Builder logFile(String v) {
            logFile = v;
            return this;
        }

        /** @since 1.2 */
        public Builder metrics(List<MetricSummary> v) {
            metrics = v;
            return this;
        }

        public ExperimentStatus build() {
            return new ExperimentStatus(
                    formatVersion,
                    experimentName,
                    startTime,
                    lastUpdate,
                    currentStep,
                    totalSteps,
                    progressPercent,
                    status,
                    steps,
                    messages,
                    errors,
                    message,
                    completedTime,
                    host,
                    pid,
                    heartbeat,
                    plots,
                    progressBars,
                    messageCount,
                    errorCount,
                    logFile,
                    metrics);
        }
    }
}

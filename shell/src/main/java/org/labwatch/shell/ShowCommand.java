package org.labwatch.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.StatusReading;

@Command(
        scope = "labwatch",
        name = "show",
        description = "Shows an experiment: status, steps, recent messages, errors, plots")
@Service
public class ShowCommand implements Action {

    @Reference(optional = true)
    ExperimentIndex index;

    @Argument(
            index = 0,
            name = "experiment",
            description = "Experiment id (its status file name without _status.json)",
            required = true)
    @Completion(ExperimentCompleter.class)
    String id;

    @Option(name = "-m", aliases = "--messages", description = "How many recent messages to show")
    int messages = 10;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        ExperimentIndex index = Needed.index(this.index, "show");
        StatusReading r = index.experiment(id).orElseThrow(() -> ExperimentText.unknown(id, index));
        if (!r.readable()) {
            out.println(r.id() + ": unreadable: " + r.problem() + " (" + r.file() + ")");
            return null;
        }
        ExperimentStatus s = r.status();
        Instant now = Instant.now();
        out.println(s.experimentName() + "  [" + ExperimentText.state(r, now, index) + "]  " + ExperimentText.percent(s)
                + "  step " + ExperimentText.step(s));
        out.println("  started " + ExperimentText.when(s.startTime()) + ", updated "
                + ExperimentText.ago(s.lastUpdate(), now)
                + (s.heartbeat() != null ? ", heartbeat " + ExperimentText.ago(s.heartbeat(), now) : "")
                + (s.host() != null ? ", host " + s.host() : "") + (s.pid() != null ? ", pid " + s.pid() : ""));
        String source = index.summary(r, now).source();
        if (source != null) {
            out.println("  shipped from source " + source);
        }
        if (s.message() != null) {
            out.println("  " + s.status().jsonName() + ": " + s.message());
        }
        out.println("  status file " + r.file());
        index.logFile(r.id()).ifPresent(log -> out.println("  log file    " + log));
        if (!s.steps().isEmpty()) {
            out.println("Steps:");
            for (StepRecord step : s.steps()) {
                out.println("  " + step.stepNumber() + ". " + step.name() + "  " + ExperimentText.when(step.timestamp())
                        + (step.message() == null ? "" : "  " + step.message())
                        + (step.durationSeconds() == null ? "" : "  (" + step.durationSeconds() + " s)"));
            }
        }
        for (ProgressBarRecord b : s.progressBars()) {
            if (b.state() == ProgressBarRecord.State.RUNNING) {
                out.println("Progress: " + b.description() + " " + b.n() + (b.total() > 0 ? "/" + b.total() : "")
                        + (b.percent() == null ? "" : " (" + b.percent() + "%)"));
            }
        }
        List<MessageRecord> recent = s.messages()
                .subList(
                        Math.max(0, s.messages().size() - messages),
                        s.messages().size());
        if (!recent.isEmpty()) {
            out.println("Recent messages (" + s.messageCount() + " in all):");
            for (MessageRecord m : recent) {
                out.println("  " + ExperimentText.when(m.timestamp()) + " "
                        + m.level().name() + " " + m.message());
            }
        }
        out.println("Errors: " + s.errorCount());
        for (ErrorRecord e : s.errors()) {
            out.println("  " + ExperimentText.when(e.timestamp()) + " " + e.message());
        }
        if (!s.plots().isEmpty()) {
            out.println("Plots:");
            for (PlotRecord p : s.plots()) {
                out.println("  " + p.file() + "  " + p.bytes() + " bytes  " + ExperimentText.when(p.timestamp()));
            }
        }
        return null;
    }
}

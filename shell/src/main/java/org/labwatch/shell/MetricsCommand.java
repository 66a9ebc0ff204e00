package org.labwatch.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.RunMetrics;

@Command(
        scope = "labwatch",
        name = "metrics",
        description = "Lists a run's metrics (name, count, last step, last, min, max), or a metric's last 20 values")
@Service
public class MetricsCommand implements Action {

    /** As docs/metrics.md says: the shell shows the end of a series; a chart or the CSV download shows all of it. */
    static final int LAST_VALUES = 20;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Reference(optional = true)
    ExperimentIndex index;

    @Reference(optional = true)
    MetricSource metrics;

    @Argument(index = 0, name = "experiment", description = "Experiment id", required = true)
    @Completion(ExperimentCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "A metric's name (e.g. fit/chi2): print its last values")
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() throws IOException {
        ExperimentIndex index = Needed.index(this.index, "metrics");
        MetricSource metrics =
                Needed.service(this.metrics, "metrics", "a metrics reader (org.labwatch.metrics)", "labwatch-metrics");
        RunMetrics run = metrics.metrics(id).orElseThrow(() -> ExperimentText.unknown(id, index));
        if (run.file() == null) {
            out.println(id + " has no metrics yet");
            return null;
        }
        if (name == null) {
            list(run);
        } else {
            last(run);
        }
        return null;
    }

    private void list(RunMetrics run) {
        ShellTable table = new ShellTable();
        table.column("Metric");
        table.column("Count").alignRight();
        table.column("Last step").alignRight();
        table.column("Last").alignRight();
        table.column("Min").alignRight();
        table.column("Max").alignRight();
        for (RunMetrics.Metric m : run.metrics()) {
            table.addRow()
                    .addContent(
                            m.name(),
                            m.count(),
                            m.lastStep(),
                            m.last(),
                            m.min() == null ? "-" : m.min(),
                            m.max() == null ? "-" : m.max());
        }
        table.print(out);
        if (run.skippedLines() > 0) {
            out.println("(" + run.skippedLines() + " malformed line(s) skipped in " + run.file() + ")");
        }
    }

    private void last(RunMetrics run) throws IOException {
        if (run.metrics().stream().noneMatch(m -> m.name().equals(name))) {
            throw new IllegalArgumentException("no metric '" + name + "' in " + id + "; known: "
                    + run.metrics().stream().map(RunMetrics.Metric::name).collect(Collectors.joining(", ")));
        }
        // Every value goes past, in step order, and the last ones stay: a million values take milliseconds.
        ArrayDeque<MetricSeries.Point> last = new ArrayDeque<>(LAST_VALUES + 1);
        metrics.forEach(id, MetricRange.all(name, MetricRange.Axis.STEP), (step, time, value) -> {
            last.addLast(new MetricSeries.Point(step, time, value));
            if (last.size() > LAST_VALUES) {
                last.removeFirst();
            }
        });
        ShellTable table = new ShellTable();
        table.column("Step").alignRight();
        table.column("Time");
        table.column("Value").alignRight();
        for (MetricSeries.Point p : last) {
            table.addRow()
                    .addContent(
                            p.step(),
                            WHEN.format(Instant.ofEpochMilli(p.timeMillis()).atZone(ZoneId.systemDefault())),
                            p.value());
        }
        table.print(out);
    }
}

package org.labwatch.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.StatusReading;

@Command(
        scope = "labwatch",
        name = "list",
        description = "Lists experiments: state (stale included), step, percent, last update")
@Service
public class ListCommand implements Action {

    @Reference(optional = true)
    ExperimentIndex index;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        ExperimentIndex index = Needed.index(this.index, "list");
        List<StatusReading> all = index.experiments();
        if (all.isEmpty()) {
            out.println("No status files found in " + index.statusDirectories());
            return null;
        }
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Experiment");
        table.column("State");
        table.column("Step");
        table.column("Percent").alignRight();
        table.column("Last update");
        for (StatusReading r : all) {
            if (r.readable()) {
                ExperimentStatus s = r.status();
                table.addRow()
                        .addContent(
                                r.id(),
                                ExperimentText.state(r, now, index),
                                ExperimentText.step(s),
                                ExperimentText.percent(s),
                                ExperimentText.when(s.lastUpdate()));
            } else {
                table.addRow().addContent(r.id(), "unreadable", r.problem(), "-", "-");
            }
        }
        table.print(out);
        if (!index.progress().complete()) {
            out.println("(still indexing: " + index.progress().experiments() + " experiments read so far)");
        }
        return null;
    }
}

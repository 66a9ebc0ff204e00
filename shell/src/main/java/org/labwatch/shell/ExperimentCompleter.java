package org.labwatch.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.StatusReading;

/** Tab completion of experiment ids. */
@Service
public class ExperimentCompleter implements Completer {

    @Reference(optional = true)
    ExperimentIndex index;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        ExperimentIndex index = this.index;
        if (index == null) {
            return -1;
        }
        for (StatusReading r : index.experiments()) {
            ids.getStrings().add(r.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}

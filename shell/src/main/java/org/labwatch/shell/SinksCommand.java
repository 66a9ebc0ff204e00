package org.labwatch.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labwatch.api.MonitorFactory;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

@Command(
        scope = "labwatch",
        name = "sinks",
        description = "Lists the bound log sinks, stores and monitor factory with ranking and state")
@Service
public class SinksCommand implements Action {

    @Reference
    BundleContext context;

    PrintStream out = System.out;

    @Override
    public Object execute() throws InvalidSyntaxException {
        ShellTable table = new ShellTable();
        table.column("Role");
        table.column("Kind");
        table.column("Ranking").alignRight();
        table.column("Service id").alignRight();
        table.column("Bundle");
        table.column("Details");
        row(table, "log sink", LogSink.class, LogSink.TYPE);
        row(table, "status store", StatusStore.class, StatusStore.TYPE);
        row(table, "plot store", PlotStore.class, PlotStore.TYPE);
        row(table, "monitor factory", MonitorFactory.class, null);
        table.print(out);
        return null;
    }

    private <T> void row(ShellTable table, String role, Class<T> type, String kindKey) throws InvalidSyntaxException {
        Collection<ServiceReference<T>> refs = context.getServiceReferences(type, null);
        if (refs.isEmpty()) {
            table.addRow().addContent(role, "-", "-", "-", "-", "none bound: records wait in the monitors' backlogs");
            return;
        }
        List<ServiceReference<T>> sorted = new ArrayList<>(refs);
        sorted.sort((a, b) -> b.compareTo(a)); // highest ranking first, as the core picks
        for (ServiceReference<T> ref : sorted) {
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            Bundle bundle = ref.getBundle();
            String details = "";
            if (type == LogSink.class) {
                T service = context.getService(ref);
                try {
                    details = service == null ? "" : ((LogSink) service).describe();
                } finally {
                    context.ungetService(ref);
                }
            }
            table.addRow()
                    .addContent(
                            role,
                            kindKey == null ? "-" : String.valueOf(ref.getProperty(kindKey)),
                            ranking == null ? 0 : ranking,
                            ref.getProperty(Constants.SERVICE_ID),
                            bundle == null ? "-" : bundle.getSymbolicName() + " (" + state(bundle) + ")",
                            details);
        }
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.RESOLVED -> "resolved";
            default -> "state " + b.getState();
        };
    }
}

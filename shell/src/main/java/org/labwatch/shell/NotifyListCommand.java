package org.labwatch.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.NotificationChannels;

@Command(
        scope = "labwatch",
        name = "notify-list",
        description = "Lists the notification channels: type, state, rules, last delivery, failures, pending")
@Service
public class NotifyListCommand implements Action {

    @Reference(optional = true)
    NotificationChannels channels;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        List<ChannelState> all = Needed.notifications(channels, "notify-list").channels();
        if (all.isEmpty()) {
            out.println("No notification channels: add etc/org.labwatch.notify-<name>.cfg (docs/notifications.md)");
            return null;
        }
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Type");
        table.column("State");
        table.column("Rules");
        table.column("Last sent");
        table.column("Failures").alignRight();
        table.column("Pending").alignRight();
        table.column("Last outcome");
        for (ChannelState c : all) {
            table.addRow()
                    .addContent(
                            c.name(),
                            c.type(),
                            c.status()
                                    + (c.nextAttempt() != null && c.status().equals("retrying")
                                            ? " (next " + at(c.nextAttempt()) + ")"
                                            : ""),
                            rules(c),
                            c.lastSent() == null
                                    ? "-"
                                    : ExperimentText.ago(
                                            c.lastSent()
                                                    .atZone(ZoneId.systemDefault())
                                                    .toOffsetDateTime(),
                                            now),
                            c.failures(),
                            c.pending(),
                            c.lastOutcome() == null ? "-" : c.lastOutcome());
        }
        table.print(out);
        for (ChannelState c : all) {
            for (String problem : c.problems()) {
                out.println(c.name() + " (" + c.file() + "): " + problem);
            }
        }
        return null;
    }

    /** "failed, stale; cal*; quiet 22:00-07:00; >= 60 s". */
    static String rules(ChannelState c) {
        StringBuilder s = new StringBuilder(String.join(", ", c.events()));
        if (!c.experiments().equals(List.of("*"))) {
            s.append("; ").append(String.join(", ", c.experiments()));
        }
        if (c.quietHours() != null) {
            s.append("; quiet ").append(c.quietHours());
        }
        if (c.minDurationSeconds() > 0) {
            s.append("; >= ").append(c.minDurationSeconds()).append(" s");
        }
        return s.toString();
    }

    private static String at(Instant t) {
        return ExperimentText.when(t.atZone(ZoneId.systemDefault()).toOffsetDateTime());
    }
}

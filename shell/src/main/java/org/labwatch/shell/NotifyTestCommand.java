package org.labwatch.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.NotificationChannels;

@Command(
        scope = "labwatch",
        name = "notify-test",
        description = "Sends a test message through a notification channel now and says what the channel answered")
@Service
public class NotifyTestCommand implements Action {

    @Reference(optional = true)
    NotificationChannels channels;

    @Argument(
            index = 0,
            name = "channel",
            description = "The channel's name (etc/org.labwatch.notify-<name>.cfg)",
            required = true)
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        Delivery d = Needed.notifications(channels, "notify-test").test(name);
        switch (d.outcome()) {
            case SENT -> out.println(name + ": sent (" + d.reason() + ")");
            case RETRY ->
                throw new IllegalStateException(name + ": not sent, the channel says try again later: " + d.reason()
                        + (d.retryAfter() != null ? " (after " + d.retryAfter().toSeconds() + " s)" : ""));
            case FAILED -> throw new IllegalStateException(name + ": not sent: " + d.reason());
        }
        return null;
    }
}

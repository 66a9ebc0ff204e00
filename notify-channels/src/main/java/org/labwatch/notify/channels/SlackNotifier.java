package org.labwatch.notify.channels;

import java.time.Clock;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code type = slack}: a Slack incoming webhook ({@code url = https://hooks.slack.com/services/…}). */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=slack")
public class SlackNotifier extends ChatWebhook {

    public SlackNotifier() {
        this(Clock.systemUTC());
    }

    SlackNotifier(Clock clock) {
        super(Markup.SLACK, "the incoming webhook's address (https://hooks.slack.com/services/…)", clock);
    }
}

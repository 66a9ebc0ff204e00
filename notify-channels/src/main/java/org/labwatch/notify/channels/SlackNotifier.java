package org.labwatch.notify.channels;

import java.time.Clock;
import java.util.List;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code type = slack}: a Slack incoming webhook ({@code url = https://hooks.slack.com/services/…}). */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=slack")
public class SlackNotifier implements Notifier {

    private final ChatWebhook webhook;

    public SlackNotifier() {
        this(Clock.systemUTC());
    }

    SlackNotifier(Clock clock) {
        this.webhook = new ChatWebhook(
                Markup.SLACK, "the incoming webhook's address (https://hooks.slack.com/services/…)", clock);
    }

    @Override
    public List<String> check(ChannelSettings settings) {
        return webhook.check(settings);
    }

    @Override
    public Delivery deliver(ChannelSettings settings, Notification notification) {
        return webhook.deliver(settings, notification);
    }
}

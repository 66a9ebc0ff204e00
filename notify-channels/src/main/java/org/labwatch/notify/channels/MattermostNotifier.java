package org.labwatch.notify.channels;

import java.time.Clock;
import java.util.List;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * {@code type = mattermost}: a Mattermost incoming webhook, which takes Slack's format; the post's
 * text is written in Mattermost's Markdown, the part Mattermost shows.
 */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=mattermost")
public class MattermostNotifier implements Notifier {

    private final ChatWebhook webhook;

    public MattermostNotifier() {
        this(Clock.systemUTC());
    }

    MattermostNotifier(Clock clock) {
        this.webhook = new ChatWebhook(
                Markup.MATTERMOST, "the incoming webhook's address (https://<your server>/hooks/…)", clock);
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

package org.labwatch.notify.channels;

import java.time.Clock;
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
public class MattermostNotifier extends ChatWebhook {

    public MattermostNotifier() {
        this(Clock.systemUTC());
    }

    MattermostNotifier(Clock clock) {
        super(Markup.MATTERMOST, "the incoming webhook's address (https://<your server>/hooks/…)", clock);
    }
}

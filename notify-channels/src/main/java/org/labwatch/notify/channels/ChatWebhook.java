package org.labwatch.notify.channels;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;

/**
 * A Slack-format incoming webhook (Slack, Mattermost): one JSON POST per notification. The channel
 * types differ only in their markup and in how their address looks.
 */
abstract class ChatWebhook implements Notifier {

    private final Markup markup;
    private final String urlHint;
    private final HttpPoster poster;

    ChatWebhook(Markup markup, String urlHint, Clock clock) {
        this.markup = markup;
        this.urlHint = urlHint;
        this.poster = new HttpPoster(clock);
    }

    @Override
    public final List<String> check(ChannelSettings settings) {
        return WebhookSettings.read(settings, urlHint).problems();
    }

    @Override
    public final Delivery deliver(ChannelSettings settings, Notification notification) {
        WebhookSettings s = WebhookSettings.read(settings, urlHint);
        if (!s.problems().isEmpty()) {
            return Delivery.failed(String.join("; ", s.problems()));
        }
        return poster.post(
                s.url(),
                "application/json; charset=utf-8",
                SlackPayload.of(notification, markup),
                Map.of(),
                s.timeout(),
                s.secrets());
    }
}

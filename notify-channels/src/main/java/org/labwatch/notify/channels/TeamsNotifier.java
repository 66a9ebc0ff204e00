package org.labwatch.notify.channels;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * {@code type = teams}: a Microsoft Teams channel through a Workflows webhook, one Adaptive Card per
 * notification. Workflows answers 202 Accepted: the card is queued, which is as far as anyone can
 * see.
 */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=teams")
public class TeamsNotifier implements Notifier {

    private static final String URL_HINT =
            "the address of the Workflows webhook (\"When a Teams webhook request is received\")";

    private final HttpPoster poster;

    public TeamsNotifier() {
        this(Clock.systemUTC());
    }

    TeamsNotifier(Clock clock) {
        this.poster = new HttpPoster(clock);
    }

    @Override
    public List<String> check(ChannelSettings settings) {
        return WebhookSettings.read(settings, URL_HINT).problems();
    }

    @Override
    public Delivery deliver(ChannelSettings settings, Notification notification) {
        WebhookSettings s = WebhookSettings.read(settings, URL_HINT);
        if (!s.problems().isEmpty()) {
            return Delivery.failed(String.join("; ", s.problems()));
        }
        return poster.post(
                s.url(),
                "application/json; charset=utf-8",
                TeamsCard.of(notification),
                Map.of(),
                s.timeout(),
                s.secrets());
    }
}

package org.labwatch.notify.channels;

import java.time.Clock;
import java.util.List;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code type = ntfy}: a push to an ntfy topic (ntfy.sh or a lab's own server), to phones and desktops. */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=ntfy")
public class NtfyNotifier implements Notifier {

    private final HttpPoster poster;

    public NtfyNotifier() {
        this(Clock.systemUTC());
    }

    NtfyNotifier(Clock clock) {
        this.poster = new HttpPoster(clock);
    }

    @Override
    public List<String> check(ChannelSettings settings) {
        return NtfySettings.read(settings).problems();
    }

    @Override
    public Delivery deliver(ChannelSettings settings, Notification notification) {
        NtfySettings s = NtfySettings.read(settings);
        if (!s.problems().isEmpty()) {
            return Delivery.failed(String.join("; ", s.problems()));
        }
        NtfyMessage m = NtfyMessage.of(notification, s);
        return poster.post(s.url(), "text/plain; charset=utf-8", m.body(), m.headers(), s.timeout(), s.secrets());
    }
}

package org.labwatch.notify.channels;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.labwatch.spi.ChannelSettings;

/** A chat webhook channel's settings: its {@code url} and {@code timeoutSeconds}. */
record WebhookSettings(URI url, Duration timeout, List<String> problems) {

    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    static WebhookSettings read(ChannelSettings settings, String urlHint) {
        SettingsReader r = new SettingsReader(settings);
        URI url = r.url("url", urlHint);
        Duration timeout = r.timeout(DEFAULT_TIMEOUT_SECONDS);
        return new WebhookSettings(url, timeout, r.problems());
    }

    /** What must never appear in a reason: the address is the webhook's credential. */
    List<String> secrets() {
        return url == null ? List.of() : List.of(url.toString(), url.getRawPath());
    }
}

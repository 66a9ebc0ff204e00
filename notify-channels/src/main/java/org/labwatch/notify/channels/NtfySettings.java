package org.labwatch.notify.channels;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.labwatch.spi.ChannelSettings;

/**
 * An ntfy channel's settings: the topic's {@code url}, an access {@code token} (or
 * {@code tokenFile}), {@code priority}, extra {@code tags}, {@code timeoutSeconds}.
 */
record NtfySettings(
        URI url, Optional<String> token, Integer priority, List<String> tags, Duration timeout, List<String> problems) {

    /** ntfy's names for its five priorities, with the numbers it also takes. */
    private static final Map<String, Integer> PRIORITIES = Map.ofEntries(
            Map.entry("1", 1),
            Map.entry("min", 1),
            Map.entry("2", 2),
            Map.entry("low", 2),
            Map.entry("3", 3),
            Map.entry("default", 3),
            Map.entry("4", 4),
            Map.entry("high", 4),
            Map.entry("5", 5),
            Map.entry("urgent", 5),
            Map.entry("max", 5));

    static NtfySettings read(ChannelSettings settings) {
        SettingsReader r = new SettingsReader(settings);
        URI url = r.url("url", "the topic's address (https://ntfy.sh/<topic> or your server's)");
        Optional<String> token = SecretSetting.read(r, "token");
        Integer priority = r.choice("priority", null, PRIORITIES, "1 to 5 or min, low, default, high, urgent");
        List<String> tags = new ArrayList<>();
        for (String tag : r.optional("tags").orElse("").split(",")) {
            String t = tag.strip();
            if (t.isEmpty()) {
                continue;
            }
            // A header value: printable ASCII without the separator.
            if (!t.chars().allMatch(c -> c > 32 && c < 127)) {
                r.problem("tags must be comma-separated words of printable ASCII (emoji short codes), got '" + t + "'");
            } else {
                tags.add(t);
            }
        }
        Duration timeout = r.timeout(WebhookSettings.DEFAULT_TIMEOUT_SECONDS);
        return new NtfySettings(url, token, priority, List.copyOf(tags), timeout, r.problems());
    }

    /** The token, and the topic's address: on a public server whoever knows the topic can read it. */
    List<String> secrets() {
        List<String> s = new ArrayList<>();
        token.ifPresent(s::add);
        if (url != null) {
            s.add(url.toString());
            s.add(url.getRawPath());
        }
        return s;
    }
}

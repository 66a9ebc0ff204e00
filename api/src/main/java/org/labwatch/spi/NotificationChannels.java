package org.labwatch.spi;

import java.util.List;

/**
 * The notification channels the server has (one per {@code etc/org.labwatch.notify-<name>.cfg}) and
 * how their deliveries go: what {@code labwatch:notify-list} and the dashboard's notifications page
 * show, and {@code labwatch:notify-test}. Nothing here carries a secret: a channel's own settings
 * (addresses, tokens) stay with the notify module and its {@link Notifier}.
 *
 * @since 3.1
 */
public interface NotificationChannels {

    /** Every configured channel, sorted by name; usable or not (then {@link ChannelState#problems()} says why). */
    List<ChannelState> channels();

    /**
     * Sends a test notification through the channel now, past its rules, quiet hours and outbox, and
     * answers what the channel said. Blocks at most for the channel's timeout.
     *
     * @throws IllegalArgumentException naming the configured channels when there is none of that name
     */
    Delivery test(String name);
}

package org.labwatch.spi;

import java.util.List;

/**
 * One kind of notification channel ({@code type = email}, {@code slack}, a lab's own): delivers one
 * notification to one configured channel and says whether and when to try again. A channel is a
 * factory configuration {@code org.labwatch.notify-<name>.cfg} whose {@code type} names the
 * {@link #TYPE} property of the Notifier that serves it; the notify module owns rules, the durable
 * outbox, retries, rate limits and grouping, so an implementation only formats and sends.
 *
 * <p>Implementations are thread-safe and stateless between calls apart from caches keyed by the
 * channel's settings. They never throw for trouble with the channel: they answer a {@link Delivery}.
 *
 * @since 3.1
 */
public interface Notifier {

    /** Service property: the {@code type} value of the channels this notifier serves. */
    String TYPE = "labwatch.notify.type";

    /**
     * The problems with a channel's settings (a missing field, a malformed URL), each a sentence
     * naming the setting; empty when the channel can be used. Called when a configuration appears or
     * changes; a channel with problems sends nothing and the problems are logged.
     */
    List<String> check(ChannelSettings settings);

    /**
     * Sends one notification (one event of one run, or several grouped into one message).
     * Blocks at most for the channel's timeout.
     */
    Delivery deliver(ChannelSettings settings, Notification notification);
}

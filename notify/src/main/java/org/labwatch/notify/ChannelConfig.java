package org.labwatch.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The rules of one channel, {@code etc/org.labwatch.notify-<name>.cfg} (docs/notifications.md). The
 * same file holds the settings of the channel's {@code type} (a webhook's {@code url}, an email
 * channel's server), which its {@link org.labwatch.spi.Notifier} reads and checks; they are not
 * declared here because each type has its own.
 */
@ObjectClassDefinition(
        id = ChannelConfig.FACTORY_PID,
        name = "labwatch notification channel",
        description = "Where and when labwatch tells about runs that completed, failed, went stale or logged errors"
                + " (one etc/org.labwatch.notify-<name>.cfg per channel)")
@interface ChannelConfig {

    String FACTORY_PID = "org.labwatch.notify";

    /** What a channel sends when its file does not say: a run's end and its going silent, not its errors. */
    String DEFAULT_EVENTS = "completed, failed, interrupted, stale, recovered";

    @AttributeDefinition(
            description = "The kind of channel: webhook, or the type of any installed notifier (email, slack, ...)")
    String type() default "";

    @AttributeDefinition(
            description = "Which events to send, comma-separated: completed, failed, interrupted, stale,"
                    + " recovered (a stale run came back), error (a run logged errors; grouped per run)")
    String events() default DEFAULT_EVENTS;

    @AttributeDefinition(
            description =
                    "Which experiments, comma-separated globs on the experiment's id or name (* any text, ? one character)")
    String experiments() default "*";

    @AttributeDefinition(
            description = "HH:MM-HH:MM in the server's time zone (e.g. 22:00-07:00); what happens then is held and"
                    + " sent when they end. Empty: none")
    String quietHours() default "";

    @AttributeDefinition(min = "0", description = "Runs that ran less than this many seconds send nothing")
    long minDurationSeconds() default 0;

    @AttributeDefinition(
            min = "0",
            description = "Events this many seconds apart or closer go as one message, and at most one message"
                    + " goes per this many seconds (a rate limit); 0 sends each at once")
    double groupSeconds() default 1.0;

    @AttributeDefinition(min = "1", description = "At most this many events in one message; more go in the next ones")
    int groupMaxItems() default 100;

    @AttributeDefinition(
            min = "0",
            description = "A run's first error is sent at once; its further errors as one \"N more errors\""
                    + " message per this many seconds")
    long errorWindowSeconds() default 600;

    @AttributeDefinition(
            description = "The dashboard's address as readers reach it (e.g. https://lab.example.org/labwatch);"
                    + " messages link to <publicUrl>/#/experiment/<id>. Empty: no links")
    String publicUrl() default "";

    @AttributeDefinition(
            min = "1",
            description = "A message the channel has not taken after this many hours of retrying is given up"
                    + " (and logged)")
    long giveUpAfterHours() default 24;
}

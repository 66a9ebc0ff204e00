package org.labwatch.notify;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.labwatch.notify.engine.cfg}, optional: where outboxes are, and how often stale runs are looked for. */
@ObjectClassDefinition(
        id = NotifyEngine.PID,
        name = "labwatch notifications",
        description = "The engine behind the notification channels (etc/org.labwatch.notify-<name>.cfg)")
@interface EngineConfig {

    @AttributeDefinition(
            description = "Where each channel keeps its outbox (<dir>/<channel>/); empty: <dataDir>/notify, the index's"
                    + " data directory, which survives a new build of the server")
    String outboxDir() default "";

    @AttributeDefinition(
            min = "1",
            description = "Seconds between looks at the running runs: a run goes stale by saying nothing")
    long recheckSeconds() default 5;

    @AttributeDefinition(
            min = "1",
            description = "Days an outbox remembers what it sent; older events are never sent (e.g. after a long"
                    + " downtime)")
    long retentionDays() default 7;
}

package org.labwatch.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of {@code org.labwatch.core} ({@code etc/org.labwatch.core.cfg} in Karaf; system
 * properties {@code labwatch.core.<name>} outside a container).
 */
@ObjectClassDefinition(
        id = "org.labwatch.core",
        name = "labwatch core",
        description = "How monitors keep status, heartbeat and backlogs")
public @interface CoreConfig {

    @AttributeDefinition(description = "Milliseconds between heartbeats written to a running experiment's status")
    long heartbeatIntervalMs() default 10_000L;

    @AttributeDefinition(
            description = "Milliseconds at most between a logged message and its appearance in the status file")
    long statusFlushIntervalMs() default 500L;

    @AttributeDefinition(description = "Milliseconds between retries while a sink or store is failing")
    long retryIntervalMs() default 1_000L;

    @AttributeDefinition(description = "Most recent messages kept in the status file (the log has all)")
    int messagesKept() default 200;

    @AttributeDefinition(description = "Most recent errors kept in the status file")
    int errorsKept() default 500;

    // Every updateProgress adds a step; a loop that calls it per point would otherwise make every
    // status write carry thousands of entries (measured: 1,000 steps made an update cost 1.5 ms).
    @AttributeDefinition(description = "Most recent steps kept in the status file (the log has all)")
    int stepsKept() default 100;

    @AttributeDefinition(description = "Most recent plots listed in the status file")
    int plotsKept() default 500;

    @AttributeDefinition(description = "Log records a monitor holds in memory while a sink fails or none is bound")
    int backlogRecords() default 100_000;

    @AttributeDefinition(
            description = "Most recently updated metrics summarized in the status file (the metrics file has all)")
    int metricsKept() default 200;

    // 32 bytes a value: at most 8 MiB per buffer, reached only when values wait (a failing sink)
    // or come faster than they are written for a while. A monitor's buffers start at 4,096 values.
    @AttributeDefinition(
            description = "Metric values a monitor holds in memory waiting to be written (while a sink fails, or"
                    + " when they are recorded faster than written); beyond this the oldest are dropped and counted")
    int metricsHeld() default 262_144;

    // A bundle restart takes about a second, a feature being replaced a few; past this the sink is
    // taken to be gone for good (its records are in the other sinks) and its backlog is freed.
    @AttributeDefinition(
            description = "Milliseconds a monitor keeps the records a departed sink missed, waiting for a sink of"
                    + " its kind to bind again, while another sink is bound")
    long sinkReturnGraceMs() default 30_000L;

    @AttributeDefinition(description = "Bytes of plots a monitor holds in memory while the plot store fails")
    long plotBacklogBytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "Also print each message on standard output, as print() did in a notebook")
    boolean echo() default false;

    @AttributeDefinition(
            description = "Progress bars on the console: auto (redrawn on a terminal, plain lines"
                    + " otherwise), terminal, plain, or off")
    ProgressConsole progressConsole() default ProgressConsole.auto;

    @AttributeDefinition(description = "Console for progress bars: stderr or stdout")
    ProgressStream progressStream() default ProgressStream.stderr;

    @AttributeDefinition(description = "Milliseconds at least between redraws of progress bars on a terminal")
    long progressMinIntervalMs() default 100L;

    @AttributeDefinition(description = "Milliseconds at least between plain progress lines when not on a terminal")
    long progressPlainIntervalMs() default 10_000L;

    @AttributeDefinition(description = "Milliseconds at least between writes of progress bars to the status file")
    long progressPersistIntervalMs() default 1_000L;

    // Shipping to a labwatch server (docs/remote.md). Empty: this JVM's runs are not shipped.
    @AttributeDefinition(
            required = false,
            description = "URL of a labwatch server to ship every run's log, status and plots to, e.g."
                    + " https://labserver:8888 (also -Dlabwatch.core.server or LABWATCH_SERVER); empty: none")
    String server() default "";

    @AttributeDefinition(
            required = false,
            description = "File holding the token for the server (./labwatch token add NAME); empty: the"
                    + " LABWATCH_TOKEN environment variable holds the token itself")
    String tokenFile() default "";

    @AttributeDefinition(
            required = false,
            description = "PKCS12 or JKS trust store for a server whose certificate a lab CA signed; empty:"
                    + " the JVM's trusted CAs")
    String trustStore() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password of the trust store")
    String trustStorePassword() default "";

    // Constants are spelt as in the cfg file and the system properties: SCR and Configs convert
    // the text by the exact constant name.

    /** How progress bars show on the console. */
    enum ProgressConsole {
        /** terminal when the JVM has a console, plain otherwise */
        auto,
        /** the block of bars redrawn in place */
        terminal,
        /** a line per bar now and then */
        plain,
        /** not at all */
        off
    }

    /** Where console progress bars go. */
    enum ProgressStream {
        stderr,
        stdout
    }
}

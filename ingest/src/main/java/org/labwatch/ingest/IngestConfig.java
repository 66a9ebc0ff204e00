package org.labwatch.ingest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.labwatch.ingest.cfg}; a change applies to the next request. */
@ObjectClassDefinition(
        id = Ingest.PID,
        name = "labwatch ingest",
        description = "Takes runs shipped from other machines at /api/ingest/v1 (docs/remote.md)")
public @interface IngestConfig {

    @AttributeDefinition(
            description = "The token file (NAME=sha256:<hex> lines, written by ./labwatch token add and"
                    + " labwatch:token-add); empty for <karaf.etc>/org.labwatch.ingest.tokens")
    String tokensFile() default "";

    @AttributeDefinition(min = "1", description = "Largest log or metrics chunk taken in one request, in bytes")
    long chunkBytes() default 8L * 1024 * 1024;

    @AttributeDefinition(
            min = "1",
            description = "Largest status file taken, in bytes; keep it at the status store's maxFileBytes")
    long statusBytes() default 16L * 1024 * 1024;

    @AttributeDefinition(min = "1", description = "Largest plot taken, in bytes; keep it at the plot store's maxBytes")
    long plotBytes() default 50L * 1024 * 1024;

    @AttributeDefinition(
            min = "1",
            description = "Bytes all bodies being read may take together (each is held whole until written);"
                    + " more get 503 with Retry-After. At least the largest of the three limits above")
    long bodyBytesInFlight() default 128L * 1024 * 1024;

    @AttributeDefinition(
            min = "1",
            description = "Milliseconds a client has to send a whole body; a slower one gets 408")
    long readTimeoutMs() default 30_000L;

    @AttributeDefinition(min = "1", description = "Requests of one source handled at once; more get 429")
    int maxRequestsPerSource() default 4;

    @AttributeDefinition(
            min = "1",
            description = "Seconds a client is told to wait (Retry-After) when a store is missing")
    int retryAfterSeconds() default 10;

    @AttributeDefinition(
            min = "1",
            description = "Seconds a shipper's Labwatch-Behind report counts: its runs show as catching up"
                    + " rather than stale while it still has bytes to send")
    long behindFreshSeconds() default 120L;

    @AttributeDefinition(
            name = "logSink.target",
            description = "Which log sink keeps the copies of shipped logs (an LDAP filter on its service properties)")
    String logSink_target() default "(labwatch.sink.type=file)";
}

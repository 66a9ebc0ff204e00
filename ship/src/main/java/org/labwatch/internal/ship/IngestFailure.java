package org.labwatch.internal.ship;

import java.time.Duration;

/**
 * A request that did not get its answer. Either the server cannot be used right now (network,
 * 5xx, 429, 404, an answer that is not the protocol's, or a refused token), which starts or
 * continues an outage and is retried with backoff after a fresh manifest, or the server refused
 * this content for good ({@link #rejected()}: 400, 413), which is reported and not sent again
 * until the file changes.
 */
final class IngestFailure extends Exception {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** network trouble, 5xx, 429, 404, a garbled answer: retried with backoff */
        UNAVAILABLE,
        /** 401 or 403: retried slowly, an administrator may add the token back */
        REFUSED,
        /** 400 or 413 for this content: not sent again until the file changes */
        REJECTED
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    IngestFailure(Kind kind, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    boolean rejected() {
        return kind == Kind.REJECTED;
    }

    /** 0 when no answer came (network). */
    int httpStatus() {
        return httpStatus;
    }

    /** The server's {@code Retry-After}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}

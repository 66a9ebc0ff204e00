package org.labwatch.api;

import java.time.OffsetDateTime;

/**
 * One entry of the status {@code errors[]}: {@code timestamp, message} and, when an exception
 * was given, {@code traceback} (its stack trace, Java's spelling of Python's traceback).
 */
public record ErrorRecord(OffsetDateTime timestamp, String message, String traceback) {}

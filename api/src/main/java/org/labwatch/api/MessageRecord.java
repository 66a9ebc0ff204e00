package org.labwatch.api;

import java.time.OffsetDateTime;

/** One entry of the status {@code messages[]}: {@code timestamp, level, message}. */
public record MessageRecord(OffsetDateTime timestamp, Level level, String message) {}

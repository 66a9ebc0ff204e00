package org.labwatch.api;

import java.time.OffsetDateTime;

/**
 * One entry of the status {@code steps[]}: {@code name, step_number, timestamp, message}, plus
 * {@code duration_s} when a workflow step finished (null otherwise).
 */
public record StepRecord(
        String name, int stepNumber, OffsetDateTime timestamp, String message, Double durationSeconds) {}

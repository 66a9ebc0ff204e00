package org.labwatch.spi;

import java.time.Instant;
import org.labwatch.api.Level;

/**
 * One record as a monitor hands it to sinks. {@code stackTrace} is null unless an exception was
 * logged. {@code sequence} numbers the records of a run from 1, so a sink can tell a replayed
 * backlog from new records.
 */
public record LogRecord(long sequence, Instant time, Level level, String message, String stackTrace) {}

package org.labwatch.spi;

/**
 * How far an index has got: {@code complete} once every run in its directories has been read
 * once; {@code experiments} is how many it knows now.
 *
 * @since 2.0
 */
public record IndexProgress(boolean complete, int experiments) {}

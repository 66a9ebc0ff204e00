package org.labwatch.api;

/**
 * A tqdm-style bar that survives the notebook: shown on the console and persisted in the status
 * file (count, rate, ETA) so the dashboard shows it from any device. {@link #step()} is cheap
 * enough for a 10-million-iteration inner loop and may be called from many threads.
 */
public interface ProgressBar extends AutoCloseable {

    /** One more item done. */
    void step();

    /** {@code n} more items done ({@code n >= 0}). */
    void stepBy(long n);

    /** Text shown after the rate, like tqdm's postfix; null clears it. */
    void setMessage(String message);

    long current();

    /** The expected count, or 0 when unknown. */
    long total();

    /** The bar is done; a bar still open when its monitor closes is marked abandoned. */
    @Override
    void close();
}

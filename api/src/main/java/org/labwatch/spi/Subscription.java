package org.labwatch.spi;

/** Ends a watch; closing twice is harmless. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}

package org.labwatch.spi;

/** Told about status files appearing, changing and disappearing in watched directories. */
@FunctionalInterface
public interface StatusListener {
    void statusChanged(StatusEvent event);
}

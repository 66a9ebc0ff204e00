package org.labwatch.spi;

/** A status file appeared, changed or went away. For REMOVED, {@code reading} holds the last known state. */
public record StatusEvent(Kind kind, StatusReading reading) {

    public enum Kind {
        ADDED,
        CHANGED,
        REMOVED
    }
}

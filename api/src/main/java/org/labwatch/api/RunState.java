package org.labwatch.api;

import java.util.Locale;

/** The {@code status} field of a run. */
public enum RunState {
    RUNNING,
    COMPLETED,
    FAILED,
    INTERRUPTED,
    /** Written by another tool with a value labwatch does not know; shown, not guessed. */
    UNKNOWN;

    private final String json = name().toLowerCase(Locale.ROOT);

    public String jsonName() {
        return json;
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == INTERRUPTED;
    }

    public static RunState fromJson(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "running":
            case "started":
                return RUNNING;
            case "completed":
            case "complete":
            case "done":
            case "finished":
                return COMPLETED;
            case "failed":
            case "error":
                return FAILED;
            case "interrupted":
            case "aborted":
            case "cancelled":
                return INTERRUPTED;
            default:
                return UNKNOWN;
        }
    }
}

package org.labwatch.api;

import java.util.Locale;

/** Severity of a message; written in the log as Python's logging does, in JSON in lower case. */
public enum Level {
    DEBUG,
    INFO,
    WARNING,
    ERROR;

    private final String json = name().toLowerCase(Locale.ROOT);

    /** The spelling in the status JSON: "debug", "info", "warning", "error". */
    public String jsonName() {
        return json;
    }

    /**
     * Reads a level written by any tool: case-insensitive, Python's "warn", "critical" and
     * "exception" understood; anything else is INFO so that an odd level never hides a message.
     */
    public static Level fromJson(String text) {
        if (text == null) {
            return INFO;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "debug":
            case "trace":
                return DEBUG;
            case "warning":
            case "warn":
                return WARNING;
            case "error":
            case "critical":
            case "fatal":
            case "exception":
                return ERROR;
            default:
                return INFO;
        }
    }
}

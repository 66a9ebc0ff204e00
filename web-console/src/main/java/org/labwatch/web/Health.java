package org.labwatch.web;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.IndexProgress;

/**
 * What {@code /api/health} answers: UP only when every service an experiment needs is bound, so a
 * readiness check (a launcher, systemd, a test) waits for exactly what makes the server useful.
 */
record Health(boolean monitorFactory, int logSinks, boolean statusStore, boolean plotStore, String version,
              IndexProgress indexing) {

    /** Without an index bound: no {@code indexing} part. */
    Health(boolean monitorFactory, int logSinks, boolean statusStore, boolean plotStore, String version) {
        this(monitorFactory, logSinks, statusStore, plotStore, version, null);
    }

    boolean up() {
        return missing().isEmpty();
    }

    int httpStatus() {
        return up() ? 200 : 503;
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>(4);
        if (!monitorFactory) {
            missing.add("monitorFactory");
        }
        if (logSinks == 0) {
            missing.add("logSinks");
        }
        if (!statusStore) {
            missing.add("statusStore");
        }
        if (!plotStore) {
            missing.add("plotStore");
        }
        return missing;
    }

    String json() {
        StringBuilder out = new StringBuilder(160)
                .append("{\"status\":\"").append(up() ? "UP" : "DOWN")
                .append("\",\"monitorFactory\":").append(monitorFactory)
                .append(",\"logSinks\":").append(logSinks)
                .append(",\"statusStore\":").append(statusStore)
                .append(",\"plotStore\":").append(plotStore)
                .append(",\"version\":\"").append(jsonEscaped(version)).append('"');
        if (indexing != null) {
            // Not part of "up": a server indexing 100,000 runs answers, and its list fills in meanwhile.
            out.append(",\"indexing\":{\"complete\":").append(indexing.complete())
                    .append(",\"experiments\":").append(indexing.experiments()).append('}');
        }
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            out.append(",\"missing\":[\"").append(String.join("\",\"", missing)).append("\"]");
        }
        return out.append('}').toString();
    }

    private static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

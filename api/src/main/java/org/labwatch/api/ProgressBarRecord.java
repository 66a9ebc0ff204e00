package org.labwatch.api;

import java.time.OffsetDateTime;

/**
 * One entry of the status {@code progress_bars[]}: a tqdm-style bar as last persisted.
 * {@code total} is 0 when unknown; {@code percent}, {@code etaSeconds} are null then.
 */
public record ProgressBarRecord(
        String id,
        String description,
        long n,
        long total,
        Double percent,
        double rate,
        double elapsedSeconds,
        Double etaSeconds,
        String message,
        State state,
        OffsetDateTime started,
        OffsetDateTime updated) {

    /** {@code running}, {@code done}, or {@code abandoned} (left open when its monitor closed). */
    public enum State {
        RUNNING,
        DONE,
        ABANDONED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State fromJson(String text) {
            for (State s : values()) {
                if (s.jsonName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return s;
                }
            }
            return RUNNING;
        }
    }
}

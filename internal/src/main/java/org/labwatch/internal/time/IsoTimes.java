package org.labwatch.internal.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Times in answers to readers: ISO-8601 with offset and seconds always present, so every browser's Date parses them. */
public final class IsoTimes {

    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private IsoTimes() {}

    public static String iso(OffsetDateTime t) {
        return t == null ? null : OFFSET.format(t);
    }

    public static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Log times carry no zone (Python's logging format): they are the writer's local time. */
    public static String iso(LocalDateTime t) {
        return t == null ? null : LOCAL.format(t);
    }
}

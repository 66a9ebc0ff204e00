package org.labwatch.internal.status;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * ISO-8601 as labwatch writes it (local time, milliseconds, offset) and as the seed writes it
 * (Python's {@code isoformat()}: no offset, optional microseconds, meaning local time).
 */
public final class Timestamps {

    public static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true)
            .appendOffsetId()
            .toFormatter();

    private Timestamps() {}

    /**
     * Same text as {@link #WRITE}, built by hand: a status write formats hundreds of timestamps and
     * DateTimeFormatter's fraction printing (BigDecimal) showed up as a tenth of its cost.
     */
    public static String format(OffsetDateTime time) {
        StringBuilder sb = new StringBuilder(29);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return WRITE.format(time);
        }
        pad(sb, year, 4).append('-');
        pad(sb, time.getMonthValue(), 2).append('-');
        pad(sb, time.getDayOfMonth(), 2).append('T');
        pad(sb, time.getHour(), 2).append(':');
        pad(sb, time.getMinute(), 2).append(':');
        pad(sb, time.getSecond(), 2).append('.');
        pad(sb, time.getNano() / 1_000_000, 3);
        return sb.append(time.getOffset().getId()).toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    /** Null for null or text that is no timestamp: one odd field must not make a whole status unreadable. */
    public static OffsetDateTime parse(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        // Python's isoformat(sep=' ') and some hand-written files use a space.
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notOffset) {
            try {
                LocalDateTime local = LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                return local.atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }
}

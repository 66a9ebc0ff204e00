package org.labwatch.internal.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The {@code YYYY-MM-DD HH:MM:SS,mmm} timestamp of Python's logging, in the system default zone.
 * The date and time text changes once a second while an experiment may log thousands of lines
 * a second, so the text is rendered once per epoch second and only the millis are appended
 * per record. Not thread-safe: one instance per run writer.
 */
final class SecondText {

    private final ZoneId zone;
    private final char[] text = new char[19];
    private long second = Long.MIN_VALUE;

    SecondText(ZoneId zone) {
        this.zone = zone;
    }

    void appendTo(StringBuilder out, Instant time) {
        long epochSecond = time.getEpochSecond();
        if (epochSecond != second) {
            render(time);
            second = epochSecond;
        }
        int millis = time.getNano() / 1_000_000;
        out.append(text)
                .append(',')
                .append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
    }

    private void render(Instant time) {
        // The offset is looked up per second, not cached per run, so a daylight-saving switch
        // during a week-long run shows up in the log as Python's logging would show it.
        ZoneOffset offset = zone.getRules().getOffset(time);
        LocalDateTime local = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, offset);
        digits(0, 4, local.getYear());
        text[4] = '-';
        digits(5, 2, local.getMonthValue());
        text[7] = '-';
        digits(8, 2, local.getDayOfMonth());
        text[10] = ' ';
        digits(11, 2, local.getHour());
        text[13] = ':';
        digits(14, 2, local.getMinute());
        text[16] = ':';
        digits(17, 2, local.getSecond());
    }

    private void digits(int at, int width, int value) {
        int rest = Math.abs(value);
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }
}

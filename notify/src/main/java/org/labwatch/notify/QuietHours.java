package org.labwatch.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code quietHours = 22:00-07:00}: local time of the server's zone, and the end may come before the
 * start (overnight). Deliveries are held while it lasts, so a lab's phones stay quiet at night and
 * hear in the morning what happened.
 */
record QuietHours(LocalTime start, LocalTime end) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");

    /** @throws IllegalArgumentException saying what the text should look like */
    static QuietHours parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not HH:MM-HH:MM (e.g. 22:00-07:00)");
        }
        LocalTime start = time(m.group(1), text);
        LocalTime end = time(m.group(2), text);
        if (start.equals(end)) {
            throw new IllegalArgumentException("'" + text + "' starts and ends at the same time");
        }
        return new QuietHours(start, end);
    }

    private static LocalTime time(String hhmm, String text) {
        try {
            return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' has no such time of day as " + hhmm);
        }
    }

    /** When the quiet period that {@code now} falls in ends, or null when {@code now} is outside one. */
    Instant endAt(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime t = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end) ? at(day, end, zone) : null;
        }
        if (!t.isBefore(start)) {
            return at(day.plusDays(1), end, zone);
        }
        return t.isBefore(end) ? at(day, end, zone) : null;
    }

    private static Instant at(LocalDate day, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(day, time, zone).toInstant();
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}

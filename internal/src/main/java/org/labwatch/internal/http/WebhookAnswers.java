package org.labwatch.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What an HTTP status means for a notification POSTed to a webhook, and the answer's {@code
 * Retry-After}: one reading for every channel type that POSTs (notify's webhook, notify-channels'
 * chat and push services). Each caller words its own reason.
 */
public final class WebhookAnswers {

    /** What became of the POST. */
    public enum Meaning {
        /** 2xx. */
        SENT,
        /** 408, 429 and 5xx: the receiver is busy or down for now; worth another try. */
        RETRY,
        /** 3xx: not followed; an address that redirects is a wrong one (a login page, an old address). */
        REDIRECT,
        /** Any other answer: this message is refused for good (a wrong or revoked address, a payload it does not take). */
        REFUSED
    }

    private WebhookAnswers() {}

    public static Meaning meaning(int status) {
        if (status >= 200 && status <= 299) {
            return Meaning.SENT;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Meaning.RETRY;
        }
        if (status >= 300 && status <= 399) {
            return Meaning.REDIRECT;
        }
        return Meaning.REFUSED;
    }

    /**
     * A {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). A value
     * that is neither gives null, so the engine's own backoff decides rather than a guess.
     */
    public static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return null; // more digits than a long: not a delay anyone meant
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            // A date already past (clocks differ) means "now", not a negative delay.
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

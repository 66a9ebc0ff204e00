package org.labwatch.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.labwatch.internal.http.WebhookAnswers.Meaning;

class WebhookAnswersTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void statusesMeanSentRetryRedirectOrRefused() {
        assertEquals(Meaning.SENT, WebhookAnswers.meaning(200));
        assertEquals(Meaning.SENT, WebhookAnswers.meaning(204));
        assertEquals(Meaning.RETRY, WebhookAnswers.meaning(408));
        assertEquals(Meaning.RETRY, WebhookAnswers.meaning(429));
        assertEquals(Meaning.RETRY, WebhookAnswers.meaning(500));
        assertEquals(Meaning.RETRY, WebhookAnswers.meaning(503));
        assertEquals(Meaning.REDIRECT, WebhookAnswers.meaning(301));
        assertEquals(Meaning.REDIRECT, WebhookAnswers.meaning(307));
        assertEquals(Meaning.REFUSED, WebhookAnswers.meaning(400));
        assertEquals(Meaning.REFUSED, WebhookAnswers.meaning(404));
        assertEquals(Meaning.REFUSED, WebhookAnswers.meaning(100));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), WebhookAnswers.retryAfter(" 120 ", CLOCK));
        assertEquals(
                Duration.ofMinutes(10),
                WebhookAnswers.retryAfter(
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                NOW.plusSeconds(600).atZone(ZoneOffset.UTC)),
                        CLOCK));
        assertEquals(
                Duration.ZERO,
                WebhookAnswers.retryAfter(
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                NOW.minusSeconds(60).atZone(ZoneOffset.UTC)),
                        CLOCK));
        assertNull(WebhookAnswers.retryAfter("soon", CLOCK));
        assertNull(WebhookAnswers.retryAfter("-5", CLOCK));
        assertNull(WebhookAnswers.retryAfter("99999999999999999999999", CLOCK));
        assertNull(WebhookAnswers.retryAfter("", CLOCK));
        assertNull(WebhookAnswers.retryAfter(null, CLOCK));
    }
}

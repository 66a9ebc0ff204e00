package org.labwatch.notify.channels;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.labwatch.internal.http.WebhookAnswers;
import org.labwatch.spi.Delivery;

/**
 * What a webhook's HTTP answer means for a delivery ({@link WebhookAnswers}): 2xx sent; 408, 429
 * and 5xx try again (after Retry-After when the server gave one); anything else is the channel
 * refusing this message for good (a wrong or revoked webhook, a payload it does not take), with the
 * status and the start of the server's explanation.
 */
final class HttpAnswer {

    private static final int EXCERPT_CHARS = 200;

    private HttpAnswer() {}

    static Delivery of(String host, int status, HttpHeaders headers, String body, Clock clock) {
        WebhookAnswers.Meaning meaning = WebhookAnswers.meaning(status);
        if (meaning == WebhookAnswers.Meaning.SENT) {
            return Delivery.sent();
        }
        String answered = host + " answered " + status;
        if (meaning == WebhookAnswers.Meaning.RETRY) {
            Duration after = headers.firstValue("Retry-After")
                    .map(v -> WebhookAnswers.retryAfter(v, clock))
                    .orElse(null);
            String why = status == 429
                    ? " (too many requests)"
                    : excerpt(body).map(e -> ": " + e).orElse("");
            return Delivery.retry(
                    after, answered + why + (after == null ? "" : ", retry after " + after.getSeconds() + " s"));
        }
        if (meaning == WebhookAnswers.Meaning.REDIRECT) {
            // Webhook services do not redirect; an address that does is likely a login page or an old one.
            return Delivery.failed(answered + " (a redirect): set url to the webhook's own address");
        }
        return Delivery.failed(answered + excerpt(body).map(e -> ": " + e).orElse(""));
    }

    /** The body's first characters on one line, for a reason; empty when there is none. */
    private static Optional<String> excerpt(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Wording.clip(body.strip().replaceAll("\\s+", " "), EXCERPT_CHARS));
    }
}

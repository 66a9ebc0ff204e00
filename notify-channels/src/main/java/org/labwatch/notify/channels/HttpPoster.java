package org.labwatch.notify.channels;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.labwatch.spi.Delivery;

/**
 * POSTs one message to a webhook and says what became of it ({@link HttpAnswer}). Trouble on the way
 * (no connection, no answer within the channel's timeout) is worth another try; a certificate the
 * JVM does not trust is not, until the lab changes something. Reasons name the host only: the rest
 * of a webhook's address is its secret.
 */
final class HttpPoster {

    private final HttpClient client;
    private final Clock clock;

    HttpPoster(Clock clock) {
        this.clock = clock;
        // HTTP/1.1: on plain http the client would otherwise ask every server to upgrade to h2c.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Delivery post(
            URI url,
            String contentType,
            String body,
            Map<String, String> headers,
            Duration timeout,
            Collection<String> secrets) {
        String host = url.getHost();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            // A value with a line break or control character (a token file with two lines).
            return Delivery.failed(
                    "a header for " + host + " cannot be sent: it contains a character HTTP does not allow");
        }
        CompletableFuture<HttpResponse<String>> sent =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // The request's own timeout covers connecting and the answer's head; this one the body too.
            HttpResponse<String> response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Delivery d = HttpAnswer.of(host, response.statusCode(), response.headers(), response.body(), clock);
            return new Delivery(d.outcome(), d.retryAfter(), Secrets.scrub(d.reason(), secrets));
        } catch (TimeoutException e) {
            sent.cancel(true);
            return noAnswer(host, timeout);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry(null, "interrupted while sending to " + host);
        } catch (ExecutionException e) {
            return trouble(host, e.getCause(), timeout, secrets);
        }
    }

    private static Delivery trouble(String host, Throwable cause, Duration timeout, Collection<String> secrets) {
        if (cause instanceof HttpTimeoutException) {
            return noAnswer(host, timeout);
        }
        if (cause instanceof SSLHandshakeException) {
            return Delivery.failed(Secrets.scrub(
                    "TLS with " + host + " failed (is its certificate trusted by this JVM?): " + cause.getMessage(),
                    secrets));
        }
        if (cause instanceof ConnectException) {
            return Delivery.retry(null, "cannot connect to " + host);
        }
        if (cause instanceof IOException) {
            return Delivery.retry(
                    null,
                    Secrets.scrub(
                            "sending to " + host + " failed: "
                                    + cause.getClass().getSimpleName()
                                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                            secrets));
        }
        return Delivery.failed(Secrets.scrub("sending to " + host + " failed: " + cause, secrets));
    }

    private static Delivery noAnswer(String host, Duration timeout) {
        return Delivery.retry(null, "no answer from " + host + " within " + timeout.getSeconds() + " s");
    }
}

package org.labwatch.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.labwatch.internal.http.WebhookAnswers;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;

/**
 * {@code type = webhook}: each notification is one JSON {@code POST} to {@code url} (body:
 * {@link WebhookBody}), signed with HMAC-SHA256 in {@value #SIGNATURE_HEADER} when the channel has a
 * {@code secret}. 2xx is delivered; 429, 408, 5xx, a timeout or no connection are tried again
 * (after the receiver's Retry-After when it gives one); any other answer is refused for good.
 * Redirects are not followed: a POST that is redirected is a wrong {@code url}, said once.
 *
 * <p>Reasons name the HTTP status or the host, never the whole address: webhook addresses often
 * carry a token in their path.
 */
@Component(service = Notifier.class, property = Notifier.TYPE + "=" + WebhookNotifier.TYPE)
public final class WebhookNotifier implements Notifier {

    static final String TYPE = "webhook";
    /** {@code sha256=<hex of HMAC-SHA256(secret, body)>}, as GitHub and others sign their webhooks. */
    static final String SIGNATURE_HEADER = "X-Labwatch-Signature";

    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int MAX_TIMEOUT_SECONDS = 300;

    private final HttpClient client = HttpClient.newBuilder()
            // Plain HTTP/1.1: an h2c upgrade attempt confuses small receivers (scripts, proxies).
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public List<String> check(ChannelSettings settings) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = settings.get("url");
        if (url.isEmpty()) {
            problems.add("url: missing; set it to the http or https address that takes the POST");
        } else {
            String problem = urlProblem(url.get());
            if (problem != null) {
                problems.add("url: " + problem);
            }
        }
        try {
            timeout(settings);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public Delivery deliver(ChannelSettings settings, Notification notification) {
        URI uri;
        Duration timeout;
        try {
            String url = settings.get("url").orElseThrow(() -> new IllegalArgumentException("url: missing"));
            String problem = urlProblem(url);
            if (problem != null) {
                throw new IllegalArgumentException("url: " + problem);
            }
            uri = URI.create(url);
            timeout = timeout(settings);
        } catch (IllegalArgumentException e) {
            return Delivery.failed(e.getMessage());
        }
        byte[] body = WebhookBody.of(notification);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "labwatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.get("secret")
                .ifPresent(secret -> request.header(SIGNATURE_HEADER, WebhookBody.signature(secret, body)));
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        CompletableFuture<HttpResponse<Void>> sent =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response;
        try {
            // The whole exchange, body included, within the timeout (a receiver may stall mid-body).
            response = sent.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            return Delivery.retry(null, "no answer from " + where + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry(null, "interrupted while sending to " + where);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Delivery.retry(null, "no answer from " + where + " within " + timeout.toSeconds() + " s");
            }
            if (cause instanceof IOException) {
                return Delivery.retry(null, "cannot reach " + where + ": " + describe(cause));
            }
            return Delivery.retry(null, "sending to " + where + " failed: " + describe(cause));
        }
        return answer(response);
    }

    static Delivery answer(HttpResponse<?> response) {
        int status = response.statusCode();
        String reason = "HTTP " + status;
        switch (WebhookAnswers.meaning(status)) {
            case SENT:
                return new Delivery(Delivery.Outcome.SENT, null, reason);
            case RETRY:
                return Delivery.retry(
                        response.headers()
                                .firstValue("Retry-After")
                                .map(v -> WebhookAnswers.retryAfter(v, Clock.systemUTC()))
                                .orElse(null),
                        reason);
            case REDIRECT:
                return Delivery.failed(reason + ": redirected (not followed); set url to the address it redirects to");
            default:
                return Delivery.failed(reason);
        }
    }

    static String urlProblem(String url) {
        try {
            URI uri = new URI(url.trim());
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return "'" + url + "' is not an http or https address";
            }
            if (uri.getHost() == null) {
                return "'" + url + "' names no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + url + "' is not an address (" + e.getReason() + ")";
        }
    }

    static Duration timeout(ChannelSettings settings) {
        Optional<String> text = settings.get("timeoutSeconds");
        if (text.isEmpty()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        try {
            long s = Long.parseLong(text.get());
            if (s >= 1 && s <= MAX_TIMEOUT_SECONDS) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("timeoutSeconds: '" + text.get() + "' is not a whole number of seconds"
                + " from 1 to " + MAX_TIMEOUT_SECONDS);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank()
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + " " + m;
    }
}

package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Delivery.Outcome;
import org.labwatch.spi.Notifier;

/**
 * What each HTTP type makes of its server's answer, against a real receiver: 2xx sent, 429 and 5xx
 * again (after Retry-After in either form), a hanging or absent server again, other 4xx never. No
 * reason repeats the webhook's address or the token.
 */
class HttpOutcomesTest {

    static final String SECRET_PATH = "/hooks/s3cr3t-w3bh00k-t0ken";
    static final Instant NOW = Instant.parse("2026-03-14T14:00:00Z");

    HttpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    static Notifier notifier(String type) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        switch (type) {
            case "slack":
                return new SlackNotifier(clock);
            case "mattermost":
                return new MattermostNotifier(clock);
            case "teams":
                return new TeamsNotifier(clock);
            case "ntfy":
                return new NtfyNotifier(clock);
            default:
                throw new IllegalArgumentException(type);
        }
    }

    Delivery deliver(String type, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.putIfAbsent("url", receiver.url(SECRET_PATH));
        props.put("token", "tk_s3cr3t");
        ChannelSettings settings = Items.settings(type, type.equals("ntfy") ? props : withoutToken(props));
        Delivery d = notifier(type).deliver(settings, Items.one(Items.failed()));
        assertFalse(d.reason().contains("s3cr3t"), d.reason());
        return d;
    }

    static Map<String, String> withoutToken(Map<String, String> props) {
        Map<String, String> p = new HashMap<>(props);
        p.remove("token");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void twoHundredAndTwoHundredTwoAreSent(String type) {
        receiver.answer(200, "ok", Map.of());
        assertEquals(Delivery.sent(), deliver(type, Map.of()));
        receiver.answer(202, "", Map.of());
        assertEquals(Delivery.sent(), deliver(type, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void tooManyRequestsWaitsForRetryAfterInSeconds(String type) {
        receiver.answer(429, "rate_limited", Map.of("Retry-After", "17"));
        Delivery d = deliver(type, Map.of());
        assertEquals(Outcome.RETRY, d.outcome());
        assertEquals(Duration.ofSeconds(17), d.retryAfter());
        assertEquals("127.0.0.1 answered 429 (too many requests), retry after 17 s", d.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void tooManyRequestsWaitsForRetryAfterAsAnHttpDate(String type) {
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));
        receiver.answer(429, "", Map.of("Retry-After", date));
        Delivery d = deliver(type, Map.of());
        assertEquals(Outcome.RETRY, d.outcome());
        assertEquals(Duration.ofSeconds(90), d.retryAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "teams"})
    void tooManyRequestsWithoutRetryAfterLeavesTheDelayToTheEngine(String type) {
        receiver.answer(429, "", Map.of());
        Delivery d = deliver(type, Map.of());
        assertEquals(Outcome.RETRY, d.outcome());
        assertNull(d.retryAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void serverErrorsAreTriedAgain(String type) {
        receiver.answer(500, "internal trouble", Map.of());
        Delivery d = deliver(type, Map.of());
        assertEquals(Delivery.retry(null, "127.0.0.1 answered 500: internal trouble"), d);

        receiver.answer(503, "", Map.of("Retry-After", "120"));
        d = deliver(type, Map.of());
        assertEquals(Outcome.RETRY, d.outcome());
        assertEquals(Duration.ofSeconds(120), d.retryAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void otherClientErrorsFailWithStatusAndTheStartOfTheBody(String type) {
        receiver.answer(404, "no_service\n" + "x".repeat(500), Map.of());
        Delivery d = deliver(type, Map.of());
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(d.reason().startsWith("127.0.0.1 answered 404: no_service xxx"), d.reason());
        assertTrue(d.reason().length() < 260, d.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "teams"})
    void anEchoOfTheAddressInTheAnswerIsScrubbed(String type) {
        receiver.answer(400, "bad payload for " + receiver.url(SECRET_PATH), Map.of());
        Delivery d = deliver(type, Map.of());
        assertEquals("127.0.0.1 answered 400: bad payload for ***", d.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void aRedirectIsNotFollowed(String type) {
        receiver.answer(302, "", Map.of("Location", "https://login.example.org/"));
        Delivery d = deliver(type, Map.of());
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(d.reason().startsWith("127.0.0.1 answered 302 (a redirect)"), d.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void aServerThatDoesNotAnswerIsTriedAgainAfterTheTimeout(String type) {
        receiver.hang();
        long start = System.nanoTime();
        Delivery d = deliver(type, Map.of("timeoutSeconds", "1"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Delivery.retry(null, "no answer from 127.0.0.1 within 1 s"), d);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "mattermost", "teams", "ntfy"})
    void noServerIsTriedAgain(String type) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Delivery d = deliver(type, Map.of("url", "http://127.0.0.1:" + port + SECRET_PATH));
        assertEquals(Delivery.retry(null, "cannot connect to 127.0.0.1"), d);
    }
}

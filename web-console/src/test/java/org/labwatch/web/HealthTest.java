package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;
import org.labwatch.web.events.StoreState;
import org.labwatch.web.http.Reply;

/** The body and status of {@code /api/health} as {@link HealthServlet} sends them ({@link Health#reply()}). */
class HealthTest {

    @Test
    void upWhenEveryServiceIsBound() {
        // Input: every service bound, two log sinks.
        Reply reply =
                Health.of(true, 2, true, true, "0.1.0-SNAPSHOT", null, null).reply();
        assertEquals(200, reply.status());
        assertEquals(
                "{\"status\":\"UP\",\"monitor_factory\":true,\"log_sinks\":2,\"status_store\":true,"
                        + "\"plot_store\":true,\"version\":\"0.1.0-SNAPSHOT\"}",
                body(reply));
        assertEquals(Reply.JSON, reply.headers().get("Content-Type"));
        assertEquals("no-store", reply.headers().get("Cache-Control"));
    }

    @Test
    void downNamesWhatIsMissingInTheFieldsOwnNames() {
        // Input: no log sink and no status store; a version holding a quote.
        Reply reply = Health.of(true, 0, false, true, "1\"x", null, null).reply();
        assertEquals(503, reply.status());
        assertEquals(
                "{\"status\":\"DOWN\",\"monitor_factory\":true,\"log_sinks\":0,\"status_store\":false,"
                        + "\"plot_store\":true,\"version\":\"1\\\"x\",\"missing\":[\"log_sinks\",\"status_store\"]}",
                body(reply));
    }

    @Test
    void nothingBoundIsDownWithEveryPartMissing() {
        // Input: the state while the container starts: nothing bound yet.
        Health health = Health.of(false, 0, false, false, "0.1.0", null, null);
        assertEquals(503, health.httpStatus());
        assertEquals(java.util.List.of("monitor_factory", "log_sinks", "status_store", "plot_store"), health.missing());
    }

    @Test
    void upWhileTheIndexIsStillReadingSaysHowFarItGot() {
        // Input: every service bound; the index has read 41,234 runs and is not done.
        Reply reply = Health.of(true, 1, true, true, "v", new org.labwatch.spi.IndexProgress(false, 41234), null)
                .reply();
        assertEquals(200, reply.status());
        assertEquals(
                "{\"status\":\"UP\",\"monitor_factory\":true,\"log_sinks\":1,\"status_store\":true,"
                        + "\"plot_store\":true,\"version\":\"v\",\"indexing\":{\"complete\":false,\"experiments\":41234}}",
                body(reply));
    }

    /** A store in a database, as it tells of itself: what it is, and since when it has not answered. */
    private record Database(String describe, StoreOutage away) implements StoreHealth {
        @Override
        public Optional<StoreOutage> outage() {
            return Optional.ofNullable(away);
        }
    }

    @Test
    void aStoreThatIsAwayIsToldAndTheServerStaysUp() {
        // Input: every service bound; the database the stores use does not answer since 10:10:10.
        StoreHealth db = new Database(
                "PostgreSQL labwatch@db1:5432",
                new StoreOutage(
                        "PostgreSQL labwatch@db1:5432", "Connection refused", Instant.parse("2026-12-04T10:10:10Z")));
        Reply reply = Health.of(true, 1, true, true, "v", null, StoreState.of(List.of(db)))
                .reply();
        assertEquals(200, reply.status(), "the server answers with what it last read");
        assertEquals(
                "{\"status\":\"UP\",\"monitor_factory\":true,\"log_sinks\":1,\"status_store\":true,"
                        + "\"plot_store\":true,\"version\":\"v\",\"store\":{\"ok\":false,"
                        + "\"store\":\"PostgreSQL labwatch@db1:5432\",\"problem\":\"Connection refused\","
                        + "\"since\":\"2026-12-04T10:10:10Z\"}}",
                body(reply));

        StoreHealth back = new Database("PostgreSQL labwatch@db1:5432", null);
        assertEquals(
                "{\"status\":\"UP\",\"monitor_factory\":true,\"log_sinks\":1,\"status_store\":true,"
                        + "\"plot_store\":true,\"version\":\"v\",\"store\":{\"ok\":true,"
                        + "\"store\":\"PostgreSQL labwatch@db1:5432\"}}",
                body(Health.of(true, 1, true, true, "v", null, StoreState.of(List.of(back)))
                        .reply()));
    }

    @Test
    void ofSeveralStoresTheOneAwayLongestIsToldAndOneThatCannotTellIsPassedOver() {
        // Input: two databases away since 10:00 and 10:05, and a health service that throws.
        StoreHealth later = new Database("b", new StoreOutage("b", "timeout", Instant.parse("2026-12-04T10:05:00Z")));
        StoreHealth first =
                new Database("a", new StoreOutage("a", "Connection refused", Instant.parse("2026-12-04T10:00:00Z")));
        StoreHealth broken = new StoreHealth() {
            @Override
            public String describe() {
                throw new IllegalStateException("not yet");
            }

            @Override
            public Optional<StoreOutage> outage() {
                throw new IllegalStateException("not yet");
            }
        };
        assertEquals(
                new StoreState(false, "a", "Connection refused", "2026-12-04T10:00:00Z"),
                StoreState.of(List.of(later, broken, first)));
        assertEquals(
                new StoreState(true, "a, b", null, null),
                StoreState.of(List.of(new Database("a", null), broken, new Database("b", null))));
        assertNull(StoreState.of(List.of()), "files: nothing can be away, nothing is said");
    }

    private static String body(Reply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }
}

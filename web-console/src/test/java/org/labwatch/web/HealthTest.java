package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.labwatch.web.http.Reply;

/** The body and status of {@code /api/health} as {@link HealthServlet} sends them ({@link Health#reply()}). */
class HealthTest {

    @Test
    void upWhenEveryServiceIsBound() {
        // Input: every service bound, two log sinks.
        Reply reply = Health.of(true, 2, true, true, "0.1.0-SNAPSHOT", null).reply();
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
        Reply reply = Health.of(true, 0, false, true, "1\"x", null).reply();
        assertEquals(503, reply.status());
        assertEquals(
                "{\"status\":\"DOWN\",\"monitor_factory\":true,\"log_sinks\":0,\"status_store\":false,"
                        + "\"plot_store\":true,\"version\":\"1\\\"x\",\"missing\":[\"log_sinks\",\"status_store\"]}",
                body(reply));
    }

    @Test
    void nothingBoundIsDownWithEveryPartMissing() {
        // Input: the state while the container starts: nothing bound yet.
        Health health = Health.of(false, 0, false, false, "0.1.0", null);
        assertEquals(503, health.httpStatus());
        assertEquals(java.util.List.of("monitor_factory", "log_sinks", "status_store", "plot_store"), health.missing());
    }

    @Test
    void upWhileTheIndexIsStillReadingSaysHowFarItGot() {
        // Input: every service bound; the index has read 41,234 runs and is not done.
        Reply reply = Health.of(true, 1, true, true, "v", new org.labwatch.spi.IndexProgress(false, 41234))
                .reply();
        assertEquals(200, reply.status());
        assertEquals(
                "{\"status\":\"UP\",\"monitor_factory\":true,\"log_sinks\":1,\"status_store\":true,"
                        + "\"plot_store\":true,\"version\":\"v\",\"indexing\":{\"complete\":false,\"experiments\":41234}}",
                body(reply));
    }

    private static String body(Reply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }
}

package org.labwatch.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.RunState;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.Delivery;

/**
 * How deliveries go when the receiver is busy, down, hanging or refusing, across restarts, and
 * while channels come and go: each event reaches it once, later rather than never.
 */
class DeliveryTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Lab lab;

    @BeforeEach
    void start() throws Exception {
        lab = new Lab(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private void complete(String name) {
        lab.write(name, b -> b);
        lab.write(name, lab.ended(RunState.COMPLETED, name + " done"));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook");
        lab.receiver.answer = Receiver.Answer.TOO_MANY;
        lab.receiver.retryAfter = "120";
        complete("busy");
        await().atMost(SOON)
                .until(() -> "HTTP 429".equals(lab.state(engine, "hook").lastOutcome()));
        ChannelState s = lab.state(engine, "hook");
        assertEquals("retrying", s.status());
        assertEquals(1, s.pending());
        Duration wait = Duration.between(s.lastAttempt(), s.nextAttempt());
        assertTrue(
                wait.compareTo(Duration.ofSeconds(119)) >= 0 && wait.compareTo(Duration.ofSeconds(121)) <= 0,
                wait.toString());

        lab.receiver.answer = Receiver.Answer.OK;
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.delivered().isEmpty());
        lab.clock.shift(Duration.ofMinutes(2));
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        assertEquals(List.of("completed busy"), lab.receiver.eventLines());
        assertEquals(2, lab.receiver.requests().size());
        assertEquals("active", lab.state(engine, "hook").status());
    }

    @Test
    void aHangingReceiverTimesOutAndIsTriedAgain() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook", "timeoutSeconds = 1");
        lab.receiver.answer = Receiver.Answer.HANG;
        complete("slow");
        await().atMost(SOON)
                .until(() -> String.valueOf(lab.state(engine, "hook").lastOutcome())
                        .startsWith("no answer from 127.0.0.1:"));
        assertEquals("retrying", lab.state(engine, "hook").status());
        lab.receiver.answer = Receiver.Answer.OK;
        lab.clock.shift(Duration.ofSeconds(6));
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        assertEquals(0, lab.state(engine, "hook").pending());
    }

    @Test
    void aRefusingReceiverGetsEachEventOnceAndNotAgain() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook");
        lab.receiver.answer = Receiver.Answer.NOT_FOUND;
        complete("lost");
        await().atMost(SOON).until(() -> lab.state(engine, "hook").refused() == 1);
        ChannelState s = lab.state(engine, "hook");
        assertEquals(0, s.pending());
        assertEquals("HTTP 404", s.lastOutcome());
        lab.clock.shift(Duration.ofMinutes(10));
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 1);
    }

    @Test
    void aChannelDownForTenMinutesGetsItAfterwardsAndTheOutageIsLoggedOnce() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook");
        lab.receiver.answer = Receiver.Answer.FAIL;
        complete("overnight");
        await().atMost(SOON).until(() -> lab.state(engine, "hook").failures() == 1);
        for (int minute = 1; minute <= 10; minute++) {
            lab.clock.shift(Duration.ofMinutes(1));
            // The lane looks within a second and plans its next attempt after this minute.
            await().atMost(SOON)
                    .until(() -> lab.state(engine, "hook").nextAttempt().isAfter(lab.clock.instant()));
        }
        ChannelState down = lab.state(engine, "hook");
        assertEquals("retrying", down.status());
        assertEquals(1, down.pending());
        assertTrue(down.failures() >= 6, down.toString()); // after 5, 10, 20, 40, 80, 160 s
        assertEquals("HTTP 500", down.lastOutcome());

        lab.receiver.answer = Receiver.Answer.OK;
        lab.clock.shift(Lane.MAX_BACKOFF);
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        assertEquals(List.of("completed overnight"), lab.receiver.eventLines());
        await().atMost(SOON).until(() -> lab.state(engine, "hook").failures() == 0);
        List<String> warnings =
                lab.warnings().stream().filter(w -> w.contains("'hook'")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("delivery failed: HTTP 500"), warnings.get(0));
        assertTrue(lab.logged().stream().anyMatch(l -> l.contains("'hook'") && l.contains("delivers again")));
        assertEquals("active", lab.state(engine, "hook").status());
    }

    @Test
    void aRefusalAfterFailuresEndsTheRetryingState() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook");
        lab.receiver.answer = Receiver.Answer.FAIL;
        complete("refused");
        await().atMost(SOON).until(() -> lab.state(engine, "hook").failures() == 1);
        assertEquals("retrying", lab.state(engine, "hook").status());

        lab.receiver.answer = Receiver.Answer.NOT_FOUND;
        lab.clock.shift(Lane.MAX_BACKOFF);
        await().atMost(SOON).until(() -> lab.state(engine, "hook").refused() == 1);
        ChannelState after = lab.state(engine, "hook");
        assertEquals(0, after.pending());
        assertEquals("HTTP 404", after.lastOutcome());
        assertEquals("active", after.status());
    }

    @Test
    void aRestartWithNotificationsPendingDeliversEachOnce() throws Exception {
        NotifyEngine before = lab.engine();
        lab.hook(before, "hook");
        lab.receiver.answer = Receiver.Answer.FAIL;
        complete("a");
        complete("b");
        complete("c");
        await().atMost(SOON).until(() -> lab.state(before, "hook").pending() == 3);
        await().atMost(SOON).until(() -> lab.receiver.requests().size() >= 1);
        before.close(); // the server stops with three events in the outbox

        lab.receiver.answer = Receiver.Answer.OK;
        NotifyEngine after = lab.engine();
        lab.hook(after, "hook");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 3);
        assertEquals(
                List.of("completed a", "completed b", "completed c"),
                lab.receiver.eventLines().stream().sorted().toList());
        await().atMost(SOON).until(() -> lab.state(after, "hook").pending() == 0);
        after.close();

        NotifyEngine again = lab.engine(); // and again: nothing is sent twice
        lab.hook(again, "hook");
        complete("d");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 4);
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.events().size() == 4);
        assertEquals(
                List.of("completed a", "completed b", "completed c", "completed d"),
                lab.receiver.eventLines().stream().sorted().toList());
    }

    @Test
    void runsThatEndWhileTheServerIsDownAreToldAfterItsRestart() {
        NotifyEngine before = lab.engine();
        lab.hook(before, "hook");
        lab.write("night", b -> b);
        await().atMost(SOON).until(() -> lab.index.experiments().size() == 1);
        before.close();
        lab.clock.shift(Duration.ofMinutes(5));
        lab.write("night", lab.ended(RunState.FAILED, "while nobody watched"));
        // The index is the restarted server's: it reads the file as it is now.
        await().atMost(SOON).until(() -> lab.index.experiments().get(0).status().status() == RunState.FAILED);

        NotifyEngine after = lab.engine();
        lab.hook(after, "hook");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        assertEquals(List.of("failed night"), lab.receiver.eventLines());
    }

    @Test
    void channelsAddedAndRemovedWhileRunsGoOn() {
        NotifyEngine engine = lab.engine();
        complete("before_any_channel");

        Channel hook = lab.hook(engine, "hook");
        complete("while_configured");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        Path outbox = lab.outboxes.resolve("hook");
        assertTrue(Files.isDirectory(outbox));

        engine.close(hook, true); // etc/org.labwatch.notify-hook.cfg deleted
        assertFalse(Files.exists(outbox), "the outbox went with the channel");
        assertTrue(engine.channels().isEmpty());
        complete("after_removal");

        lab.hook(engine, "hook"); // and added again: a new channel, which knows nothing from before
        complete("added_again");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 2);
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.events().size() == 2);
        assertEquals(List.of("completed while_configured", "completed added_again"), lab.receiver.eventLines());
    }

    @Test
    void aSlowChannelHoldsUpNoOther() throws Exception {
        Receiver other = lab.receiver;
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "fast");
        try (Receiver slow = new Receiver()) {
            slow.answer = Receiver.Answer.HANG;
            engine.open(Lab.spec("slow", "type = webhook", "url = " + slow.url(), "timeoutSeconds = 30"));
            complete("one");
            await().atMost(SOON).until(() -> slow.requests().size() == 1);
            complete("two");
            await().atMost(SOON).until(() -> other.events().size() == 2);
            assertEquals(1, slow.requests().size());
        }
    }

    @Test
    void notifyTestSendsATestMessageThroughTheChannel() {
        NotifyEngine engine = lab.engine();
        lab.hook(engine, "hook", "publicUrl = https://lab.example.org");
        Delivery d = engine.test("hook");
        assertEquals(Delivery.Outcome.SENT, d.outcome(), d.reason());
        JsonNode e = lab.receiver.delivered().get(0).json();
        assertEquals("test", e.path("event").asText());
        assertTrue(e.path("test").asBoolean());
        assertEquals("https://lab.example.org/", e.path("url").asText());
        assertTrue(e.path("message").asText().contains("notify channel 'hook'"));
        assertNotNull(java.time.OffsetDateTime.parse(e.path("time").asText()));

        lab.receiver.answer = Receiver.Answer.NOT_FOUND;
        assertEquals(new Delivery(Delivery.Outcome.FAILED, null, "HTTP 404"), engine.test("hook"));
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> engine.test("nope"));
        assertEquals("no notify channel 'nope'; configured: hook", none.getMessage());
    }
}

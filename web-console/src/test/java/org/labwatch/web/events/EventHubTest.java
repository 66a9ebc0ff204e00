package org.labwatch.web.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StoreHealth;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.RelocatedStores;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.api.TestClock;
import org.labwatch.web.http.Json;

class EventHubTest {

    @TempDir
    Path data;

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T10:00:00Z"));

    private StatusReading reading(Fixture f, String id, String json) throws IOException {
        return new JsonStatusStore().read(f.writeStatus(id, json));
    }

    @Test
    void eventsCarryTheSummaryAndResumeFromLastEventId() throws Exception {
        Fixture f = new Fixture(data);
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 3, Fixture.SUMMARIES)) {
            ReceivedEvents live = new ReceivedEvents();
            hub.attach(live, null);
            hub.statusChanged(new StatusEvent(
                    StatusEvent.Kind.ADDED, reading(f, "a", "{\"experiment_name\":\"<a>\",\"status\":\"completed\"}")));
            hub.statusChanged(new StatusEvent(
                    StatusEvent.Kind.CHANGED, reading(f, "a", "{\"experiment_name\":\"<a>\",\"status\":\"failed\"}")));
            hub.statusChanged(new StatusEvent(
                    StatusEvent.Kind.REMOVED, reading(f, "a", "{\"experiment_name\":\"<a>\",\"status\":\"failed\"}")));
            String text = live.await("event: removed");
            assertTrue(text.startsWith("retry: 3000\n\n"), text);
            assertTrue(
                    text.contains(
                            "event: added\ndata: {\"id\":\"a\",\"name\":\"\\u003Ca\\u003E\",\"state\":\"completed\""),
                    text);
            assertTrue(
                    text.contains(
                            "event: changed\ndata: {\"id\":\"a\",\"name\":\"\\u003Ca\\u003E\",\"state\":\"failed\""),
                    text);
            List<Long> ids = live.ids();
            assertEquals(3, ids.size());
            assertEquals(ids.get(0) + 1, ids.get(1));
            assertEquals(ids.get(1) + 1, ids.get(2));

            ReceivedEvents resumed = new ReceivedEvents();
            hub.attach(resumed, String.valueOf(ids.get(0)));
            resumed.await("event: removed");
            assertEquals(List.of(ids.get(1), ids.get(2)), resumed.ids());
            assertFalse(resumed.text().contains("event: added"));

            ReceivedEvents upToDate = new ReceivedEvents();
            hub.attach(upToDate, String.valueOf(ids.get(2)));
            hub.keepAlive();
            assertEquals("retry: 3000\n\n: keep-alive\n\n", upToDate.await(": keep-alive"));

            // Only the last 3 are kept: a client from further back, or from before a restart, reloads.
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(f, "b", "{\"status\":\"completed\"}")));
            ReceivedEvents tooOld = new ReceivedEvents();
            hub.attach(tooOld, String.valueOf(ids.get(0) - 1));
            assertTrue(tooOld.await("event: reset").contains("event: reset\ndata: {}"));
            ReceivedEvents fromTheFuture = new ReceivedEvents();
            hub.attach(fromTheFuture, String.valueOf(Long.MAX_VALUE));
            fromTheFuture.await("event: reset");
            ReceivedEvents garbage = new ReceivedEvents();
            hub.attach(garbage, "yesterday");
            garbage.await("event: reset");
            assertEquals(6, hub.clientCount());
        }
    }

    @Test
    void aChangedReplaySettingAppliesToTheRunningHub() throws Exception {
        Fixture f = new Fixture(data);
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 100, Fixture.SUMMARIES)) {
            ReceivedEvents live = new ReceivedEvents();
            hub.attach(live, null);
            for (String id : List.of("a", "b", "c")) {
                hub.statusChanged(
                        new StatusEvent(StatusEvent.Kind.ADDED, reading(f, id, "{\"status\":\"completed\"}")));
            }
            live.await("\"id\":\"c\"");
            long first = live.ids().get(0);
            hub.replay(1);
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(f, "d", "{\"status\":\"completed\"}")));
            ReceivedEvents fromFirst = new ReceivedEvents();
            hub.attach(fromFirst, String.valueOf(first));
            assertTrue(fromFirst.await("event: reset").contains("event: reset"), "only the last event is kept now");
        }
    }

    @Test
    void aChangeTheSummaryDoesNotShowStillGoesOutAndARepeatedAddOfTheSameFileDoesNot() throws Exception {
        Fixture f = new Fixture(data);
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 100, Fixture.SUMMARIES)) {
            ReceivedEvents live = new ReceivedEvents();
            hub.attach(live, null);
            StatusReading first = reading(f, "a", "{\"status\":\"running\"}");
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, first));
            // A new watch's first pass: the same file, not written since.
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, first));
            // The watch says the file changed (a new message, say) though what a list keeps is equal.
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.CHANGED, first));
            hub.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(f, "b", "{\"status\":\"running\"}")));
            String text = live.await("\"id\":\"b\"");
            assertEquals(3, live.ids().size(), text);
            assertTrue(
                    text.contains("event: added\ndata: {\"id\":\"a\"")
                            && text.contains("event: changed\ndata: {\"id\":\"a\""),
                    text);
        }
    }

    @Test
    void idsAfterARestartAreAboveIdsBeforeIt() {
        try (EventHub before = new EventHub(Json.MAPPER, clock, 10, Fixture.SUMMARIES)) {
            for (int i = 0; i < 1000; i++) {
                before.reset();
            }
            clock.advance(Duration.ofMillis(2));
            try (EventHub after = new EventHub(Json.MAPPER, clock, 10, Fixture.SUMMARIES)) {
                assertTrue(after.lastId() >= before.lastId(), before.lastId() + " then " + after.lastId());
            }
        }
    }

    @Test
    void aRunThatFallsSilentIsAnnouncedAsStale() throws Exception {
        Fixture f = new Fixture(data);
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 100, Fixture.SUMMARIES)) {
            ReceivedEvents client = new ReceivedEvents();
            hub.attach(client, null);
            hub.statusChanged(new StatusEvent(
                    StatusEvent.Kind.ADDED,
                    reading(
                            f,
                            "r",
                            "{\"status\":\"running\",\"heartbeat\":\"2025-06-01T10:00:00Z\",\"format_version\":1}")));
            client.await("\"state\":\"running\"");
            clock.advance(Duration.ofSeconds(20));
            hub.recheck();
            clock.advance(Duration.ofSeconds(20));
            hub.recheck();
            hub.recheck();
            String text = client.await("\"state\":\"stale\"");
            assertEquals(1, text.split("\"state\":\"stale\"", -1).length - 1, "announced once: " + text);
            assertTrue(text.contains("\"stale_reason\":\"no sign of life for 40 s\""), text);
        }
    }

    @Test
    void aClientThatCannotBeWrittenIsDropped() throws Exception {
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 10, Fixture.SUMMARIES)) {
            ReceivedEvents gone = new ReceivedEvents() {
                @Override
                public synchronized void write(byte[] b) {
                    throw new IllegalStateException("broken pipe");
                }
            };
            hub.attach(gone, null);
            // Each keep-alive is a write the broken client fails; the pool drops it after one.
            Awaitility.await("the client that cannot be written dropped")
                    .atMost(ReceivedEvents.WAIT)
                    .pollInterval(ReceivedEvents.POLL)
                    .untilAsserted(() -> {
                        hub.keepAlive();
                        assertEquals(0, hub.clientCount(), "clients");
                    });
            assertTrue(gone.closed);
        }
    }

    /** Input: the stores' database goes away, stays away (its error's words change), comes back. */
    @Test
    void aStoreGoingAwayAndComingBackIsOneEventEachAndAClientConnectingMeanwhileHearsOfItFirst() {
        RelocatedStores stores = new RelocatedStores(data.resolve("labwatch-data"), data.resolve("database"));
        List<StoreHealth> health = List.of(stores.health());
        try (EventHub hub = new EventHub(Json.MAPPER, clock, 10, Fixture.SUMMARIES)) {
            ReceivedEvents live = new ReceivedEvents();
            hub.attach(live, null);
            hub.storeState(StoreState.of(health));
            stores.away("connection refused");
            hub.storeState(StoreState.of(health));
            hub.storeState(StoreState.of(health));
            hub.keepAlive();
            String away = live.await(": keep-alive");
            assertEquals(1, count(away, "event: store\n"), away);
            assertTrue(
                    away.contains("event: store\ndata: {\"ok\":false,\"store\":\"files of "
                            + data.resolve("labwatch-data") + " kept in " + data.resolve("database")
                            + "\",\"problem\":\"connection refused\",\"since\":\""),
                    away);

            ReceivedEvents late = new ReceivedEvents();
            hub.attach(late, null);
            String told = late.await("event: store");
            assertTrue(told.startsWith("retry: 3000\n\nevent: store\ndata: {\"ok\":false,"), told);
            assertEquals(List.of(), late.ids(), "told without an id: Last-Event-ID stays");

            stores.back();
            hub.storeState(StoreState.of(health));
            hub.storeState(StoreState.of(health));
            hub.keepAlive();
            String back = keptAlive(live, 2);
            assertEquals(2, count(live.text(), "event: store\n"), live.text());
            assertTrue(back.contains("event: store\ndata: {\"ok\":true,\"store\":\"files of "), back);

            // Away, and then the service goes (its bundle stopped): told as back, so no banner stays.
            stores.away("connection refused");
            hub.storeState(StoreState.of(health));
            hub.storeState(null);
            hub.storeState(null);
            hub.keepAlive();
            keptAlive(live, 3);
            assertEquals(4, count(live.text(), "event: store\n"), live.text());
            assertTrue(
                    live.text()
                            .endsWith("\"ok\":true,\"store\":\"files of " + data.resolve("labwatch-data") + " kept in "
                                    + data.resolve("database") + "\"}\n\n: keep-alive\n\n"),
                    live.text());
        }
    }

    /** The text once the {@code n}th keep-alive arrived: what was published before it is there too. */
    private static String keptAlive(ReceivedEvents client, int n) {
        Awaitility.await("keep-alive " + n)
                .atMost(ReceivedEvents.WAIT)
                .pollInterval(ReceivedEvents.POLL)
                .until(() -> count(client.text(), ": keep-alive") >= n);
        return client.text();
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}

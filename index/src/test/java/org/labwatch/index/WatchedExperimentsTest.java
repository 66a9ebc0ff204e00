package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.status.JsonStatusStore;

class WatchedExperimentsTest {

    @TempDir
    Path data;

    private static StatusReading reading(Path file, String problem) {
        return StatusReading.unreadable(
                file, file.getFileName().toString().replace("_status.json", ""), problem, null, 0);
    }

    @Test
    void whatTheWatchToldDuringAListingWinsOverTheListing() {
        StatusSnapshot s = new StatusSnapshot();
        Path a = data.resolve("a_status.json");
        Path b = data.resolve("b_status.json");
        Path c = data.resolve("c_status.json");
        Path d = data.resolve("d_status.json");
        s.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(d, "before the listing")));
        long mark = s.mark();
        // While the listing ran: a changed, b removed, c added.
        s.statusChanged(new StatusEvent(StatusEvent.Kind.CHANGED, reading(a, "new")));
        s.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(b, "x")));
        s.statusChanged(new StatusEvent(StatusEvent.Kind.REMOVED, reading(b, "x")));
        s.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, reading(c, "c")));
        // The listing saw a old, b still there, no c, and no d (d deleted without an event).
        List<StatusEvent> missed = s.replaceAll(List.of(reading(a, "old"), reading(b, "listed")), mark);
        assertEquals(
                List.of("REMOVED d"),
                missed.stream().map(e -> e.kind() + " " + e.reading().id()).toList(),
                "the listing tells what the watch missed: d deleted without an event");
        assertEquals(
                List.of("a:new", "c:c"),
                s.sorted().stream().map(r -> r.id() + ":" + r.problem()).toList());
        // A later listing with nothing new in between is taken as it is.
        s.replaceAll(List.of(reading(d, "back")), s.mark());
        assertEquals(
                List.of("d:back"),
                s.sorted().stream().map(r -> r.id() + ":" + r.problem()).toList());
    }

    @Test
    void theListFollowsTheDirectoriesThroughTheWatch() throws Exception {
        Path dir = Files.createDirectories(data.resolve("monitoring/status"));
        String seed = Seed.example();
        Files.writeString(dir.resolve("b_status.json"), seed);
        Files.writeString(dir.resolve("a_status.json"), "{broken");
        JsonStatusStore store = new JsonStatusStore();
        java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (WatchedExperiments w =
                new WatchedExperiments(store, List.of(dir), new Object(), e -> {}, timer, 60, null, null)) {
            w.start();
            assertEquals(store.list(List.of(dir)), w.experiments(), "listed at once, in the store's order");
            Files.writeString(dir.resolve("c_status.json"), seed);
            Files.delete(dir.resolve("a_status.json"));
            await(() -> w.experiments().stream().map(StatusReading::id).toList(), List.of("b", "c"));
        }
    }

    private static <T> void await(Supplier<T> actual, T expected) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertEquals(expected, actual.get()));
    }

    @Test
    void theIndexSharesItsWatchStartingWithWhatItKnows() throws Exception {
        Path dir = Files.createDirectories(data.resolve("monitoring/status"));
        String seed = Seed.example();
        Files.writeString(dir.resolve("a_status.json"), seed);
        StatusIndex index = StatusIndex.of(new JsonStatusStore(), java.util.Map.of("dataDir", data.toString()));
        java.util.concurrent.BlockingQueue<StatusEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        try (org.labwatch.spi.Subscription s = index.watch(events::add)) {
            StatusEvent first = events.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(StatusEvent.Kind.ADDED, first.kind());
            assertEquals("a", first.reading().id());
            Files.writeString(dir.resolve("b_status.json"), seed);
            StatusEvent next = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            while (next != null && next.reading().id().equals("a")) {
                // the watch's own first look at 'a' may come after the replay
                next = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals("b", next.reading().id());
            assertEquals(StatusEvent.Kind.ADDED, next.kind());
            await(() -> index.experiments().stream().map(StatusReading::id).toList(), List.of("a", "b"));
        } finally {
            index.close();
        }
    }
}

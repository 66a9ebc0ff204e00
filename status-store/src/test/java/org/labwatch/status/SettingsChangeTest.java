package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;

/**
 * A changed {@code etc/org.labwatch.status.cfg} applies to the running store (DS {@code @Modified}):
 * the service stays the same, open watches keep what they know, and readings follow the new limits.
 */
class SettingsChangeTest {

    @TempDir
    Path root;

    private static JsonStatusStore.Config settings(long rescanMs, long maxBytes) {
        return Configs.of(JsonStatusStore.Config.class, Map.of("rescanIntervalMs", rescanMs, "maxFileBytes", maxBytes));
    }

    @Test
    void aNewRescanIntervalReachesAnOpenWatchWithoutReportingKnownFilesAgain() throws Exception {
        Path known = Files.createDirectories(root.resolve("a/status"));
        Files.writeString(known.resolve("first_status.json"), SeedFormatTest.SEED_EXAMPLE);
        // Created after the watch started: only a rescan registers it, so only a rescan can find its file.
        Path later = root.resolve("b/status");
        Path latest = root.resolve("c/status");
        JsonStatusStore store = new JsonStatusStore(settings(3_600_000L, 1 << 20));
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = store.watch(List.of(known, later, latest), events::add)) {
            StatusEvent first = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "the first pass reports the existing file");
            assertEquals("first", first.reading().id());
            // A change seen proves the watch's thread made its own first pass, which would find anything.
            Files.move(
                    Files.writeString(
                            root.resolve("tmp.json"),
                            SeedFormatTest.SEED_EXAMPLE.replace("\"current_step\": 5", "\"current_step\": 6")),
                    known.resolve("first_status.json"),
                    // atomic: a plain replacing move deletes the old file first, and the watch may see it gone
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            StatusEvent changed = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(changed, "the change is reported");
            assertEquals(StatusEvent.Kind.CHANGED, changed.kind());
            Files.createDirectories(later);
            Files.move(
                    Files.writeString(root.resolve("tmp.json"), SeedFormatTest.SEED_EXAMPLE),
                    later.resolve("second_status.json"));
            assertNull(events.poll(300, TimeUnit.MILLISECONDS), "nothing rescans within the hour-long interval");

            store.modified(settings(100L, 1 << 20));

            StatusEvent found = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(found, "with 100 ms between rescans the new directory's file is found");
            assertEquals(StatusEvent.Kind.ADDED, found.kind());
            assertEquals("second", found.reading().id(), "and 'first' is not reported again");
            assertNull(events.poll(500, TimeUnit.MILLISECONDS), "several rescans later, nothing else: " + events);

            // A new watch finds what is there when it starts; a directory made only now is found
            // only if the running watch really looks for it every 100 ms, not every hour.
            Files.createDirectories(latest);
            Files.move(
                    Files.writeString(root.resolve("tmp.json"), SeedFormatTest.SEED_EXAMPLE),
                    latest.resolve("third_status.json"));
            StatusEvent thirdFound = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(thirdFound, "a directory made after the change is found at the new interval");
            assertEquals("third", thirdFound.reading().id());
        }
    }

    @Test
    void aRaisedSizeLimitMakesAFileReadThatWasTooLargeBefore() throws Exception {
        Path dir = Files.createDirectories(root.resolve("status"));
        Path file = Files.writeString(dir.resolve("big_status.json"), SeedFormatTest.SEED_EXAMPLE);
        long size = Files.size(file);
        JsonStatusStore store = new JsonStatusStore(settings(2_000L, size - 1));
        StatusReading tooLarge = store.read(file);
        assertFalse(tooLarge.readable());
        assertTrue(tooLarge.problem().contains("larger than the limit"), tooLarge.problem());

        store.modified(settings(2_000L, size));

        StatusReading now = store.read(file);
        assertTrue(now.readable(), "the unchanged file is read again under the new limit: " + now.problem());
    }
}

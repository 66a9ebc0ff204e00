package org.labwatch.status;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;

/**
 * A writer that rewrites its status file in place (truncate, then write, as {@code json.dump} into
 * the open file does) instead of replacing it: readers that come mid-write find it empty or
 * truncated. The run must not flicker to unreadable, yet a file left broken must be reported.
 */
class InPlaceWriterTest {

    private static final long WINDOW_MS = 1000;

    @TempDir
    Path dir;

    private final JsonStatusStore store =
            new JsonStatusStore(Configs.of(JsonStatusStore.Config.class, Map.of("unreadableAfterMs", WINDOW_MS)));

    private static byte[] status(int step) {
        return ("{\"experiment_name\": \"naive\", \"start_time\": \"2025-01-01T12:00:00\","
                        + " \"last_update\": \"2025-01-01T12:00:01\", \"status\": \"running\", \"current_step\": "
                        + step
                        + ", \"total_steps\": 100000, \"progress_percent\": 1.0, \"steps\": [], \"messages\": ["
                        + "{\"timestamp\": \"2025-01-01T12:00:01\", \"level\": \"info\", \"message\": \""
                        + "x".repeat(2000) + "\"}], \"errors\": []}")
                .getBytes(UTF_8);
    }

    /** One in-place rewrite, in two writes with the file truncated and half written between them. */
    private static void rewriteInPlace(Path file, byte[] bytes) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), false)) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300));
            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        }
    }

    @Test
    void aStatusRewrittenInPlaceAt200HzNeverShowsAsUnreadableToTheWatchOrAListing() throws Exception {
        Path file = dir.resolve("naive_status.json");
        Files.write(file, status(0));
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        List<String> listedUnreadable = new CopyOnWriteArrayList<>();
        AtomicInteger rawFailures = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ObjectMapper json = new ObjectMapper();
        try (Subscription watch = store.watch(List.of(dir), events::add)) {
            // A relist (the index's safety net) and a plain reader, both while the writer writes.
            Thread lister = new Thread(() -> {
                while (writing.get()) {
                    for (StatusReading r : store.list(List.of(dir))) {
                        if (!r.readable()) {
                            listedUnreadable.add(r.problem());
                        }
                    }
                    try {
                        json.readTree(Files.readAllBytes(file));
                    } catch (IOException e) {
                        rawFailures.incrementAndGet();
                    }
                }
            });
            lister.start();
            long start = System.nanoTime();
            // 3 s at least; longer (up to 15 s) until the plain reader has caught the writer mid-write
            // once, which a busy machine can make take longer.
            int last = 0;
            for (int i = 1; i <= 600 || (rawFailures.get() == 0 && i <= 3000); i++) {
                LockSupport.parkNanos(start + i * TimeUnit.MILLISECONDS.toNanos(5) - System.nanoTime());
                rewriteInPlace(file, status(i));
                last = i;
            }
            writing.set(false);
            lister.join();
            int lastStep = last;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.reading().readable()
                                    && e.reading().status().currentStep() == lastStep));
        }
        assertTrue(rawFailures.get() > 0, "the writer was never caught mid-write: the test would prove nothing");
        List<String> unreadableEvents = events.stream()
                .filter(e -> !e.reading().readable())
                .map(e -> e.kind() + ": " + e.reading().problem())
                .toList();
        assertEquals(List.of(), unreadableEvents, "events saying unreadable (" + rawFailures + " raw reads failed)");
        assertEquals(List.of(), listedUnreadable, "listings saying unreadable");
        assertTrue(
                events.stream()
                                .filter(e -> e.kind() == StatusEvent.Kind.CHANGED)
                                .count()
                        > 10,
                "the watch told too few changes: " + events.size());
    }

    @Test
    void newStatusFilesWrittenInPlaceFromTheirFirstWriteAreNeverAnnouncedUnreadable() throws Exception {
        // The seed's tool creates its status with its first in-place write: the watch sees the
        // file appear empty or half written, with no good reading yet to keep.
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        int files = 20;
        int writes = 10;
        try (Subscription watch = store.watch(List.of(dir), events::add)) {
            long start = System.nanoTime();
            for (int k = 0; k < files; k++) {
                Path file = dir.resolve("new" + k + "_status.json");
                for (int i = 1; i <= writes; i++) {
                    LockSupport.parkNanos(
                            start + (k * writes + i) * TimeUnit.MILLISECONDS.toNanos(5) - System.nanoTime());
                    rewriteInPlace(file, status(i));
                }
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                                    .filter(e -> e.reading().readable()
                                            && e.reading().status().currentStep() == writes)
                                    .map(e -> e.reading().file())
                                    .distinct()
                                    .count()
                            == files);
        }
        List<String> unreadableEvents = events.stream()
                .filter(e -> !e.reading().readable())
                .map(e -> e.kind() + " " + e.reading().file().getFileName() + ": "
                        + e.reading().problem())
                .toList();
        assertEquals(List.of(), unreadableEvents, "events saying unreadable");
    }

    @Test
    void aStatusLeftTruncatedIsReportedUnreadableOnceItHasStayedBadForTheWindow() throws Exception {
        Path file = dir.resolve("naive_status.json");
        Files.write(file, status(1));
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription watch = store.watch(List.of(dir), events::add)) {
            byte[] next = status(2);
            // The writer died mid-write: half the JSON stays in the file.
            long broken = System.nanoTime();
            try (FileOutputStream out = new FileOutputStream(file.toFile(), false)) {
                out.write(next, 0, next.length / 2);
            }
            StatusEvent told = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> events.stream()
                                    .filter(e -> e.kind() == StatusEvent.Kind.CHANGED
                                            && !e.reading().readable())
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - broken);
            assertTrue(after >= WINDOW_MS * 9 / 10, "reported unreadable after only " + after + " ms");
            assertTrue(told.reading().problem() != null, "no reason given");
            assertEquals(
                    List.of(StatusEvent.Kind.ADDED, StatusEvent.Kind.CHANGED),
                    events.stream().map(StatusEvent::kind).toList(),
                    "the truncated file was told once, as unreadable, and nothing before it");
        }
    }

    @Test
    void aNewFileLeftBrokenIsToldUnreadableOnceItHasStayedBadForTheWindow() throws Exception {
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription watch = store.watch(List.of(dir), events::add)) {
            byte[] first = status(1);
            long broken = System.nanoTime();
            try (FileOutputStream out =
                    new FileOutputStream(dir.resolve("died_status.json").toFile(), false)) {
                out.write(first, 0, first.length / 2);
            }
            StatusEvent told = await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream().findFirst(), java.util.Optional::isPresent)
                    .orElseThrow();
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - broken);
            assertEquals(StatusEvent.Kind.ADDED, told.kind());
            assertTrue(!told.reading().readable() && told.reading().problem() != null, told.toString());
            assertTrue(after >= WINDOW_MS * 9 / 10, "told after only " + after + " ms");
        }
    }

    @Test
    void aBrokenFileThereBeforeTheWatchIsToldAtOnce() throws Exception {
        Files.write(dir.resolve("broken_status.json"), new byte[0]);
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription watch = store.watch(List.of(dir), events::add)) {
            assertEquals(
                    List.of(StatusEvent.Kind.ADDED),
                    events.stream().map(StatusEvent::kind).toList(),
                    "the first pass tells every file");
            assertTrue(!events.get(0).reading().readable());
        }
    }
}

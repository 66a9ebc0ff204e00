package org.labwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.Notification;

/** The outbox's file: what it remembers across a restart, a crash mid-line, and its own rewriting. */
class OutboxTest {

    @TempDir
    Path dir;

    private final ShiftedClock clock = new ShiftedClock(ZoneOffset.UTC);

    private Outbox.Pending pending(String key) {
        Instant now = clock.instant();
        return new Outbox.Pending(
                key,
                "run|x",
                "completed",
                now,
                now,
                0,
                new Notification.Item(
                        "completed",
                        "run",
                        "run",
                        "completed",
                        "done \"quoted\" ünïcode",
                        "host",
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                        Duration.ofSeconds(42),
                        1,
                        null));
    }

    @Test
    void whatWaitsAndWhatWasSentSurviveARestartAndACrashMidLine() throws Exception {
        Instant configured;
        try (Outbox box = Outbox.open(dir, clock, Duration.ofDays(7))) {
            configured = box.configuredAt();
            box.add(pending("a"));
            box.add(pending("b"));
            box.done(List.of(box.pending("a")), true, null);
            box.seen("run|y", 12);
        }
        Files.writeString(
                dir.resolve(Outbox.JOURNAL), "{\"op\":\"pending\",\"key\":\"c\",\"ru", StandardOpenOption.APPEND);
        clock.shift(Duration.ofHours(1));
        try (Outbox box = Outbox.open(dir, clock, Duration.ofDays(7))) {
            assertEquals(configured, box.configuredAt(), "configured once, not at each start");
            assertTrue(box.knows("a"));
            assertEquals(
                    List.of("b"),
                    box.pending().stream().map(Outbox.Pending::key).toList());
            assertEquals(pending("b").item().message(), box.pending("b").item().message());
            assertEquals(Duration.ofSeconds(42), box.pending("b").item().ran());
            assertFalse(box.knows("c"), "the line cut short never counted");
            assertEquals(12, box.errorsTo("run|y"));
            box.add(pending("d")); // appended after the rewrite, not glued to the cut line
        }
        try (Outbox box = Outbox.open(dir, clock, Duration.ofDays(7))) {
            assertEquals(
                    List.of("b", "d"),
                    box.pending().stream().map(Outbox.Pending::key).toList());
        }
    }

    @Test
    void itForgetsWhatItSentAfterTheRetentionEvenWithoutARestart() throws Exception {
        try (Outbox box = Outbox.open(dir, clock, Duration.ofDays(7))) {
            List<Outbox.Pending> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Outbox.Pending p = pending("k" + i);
                box.add(p);
                sent.add(p);
            }
            box.done(sent, true, null);
            assertTrue(box.knows("k1"));
            clock.shift(Duration.ofDays(8)); // a server that runs for months rewrites its journal daily
            Outbox.Pending later = pending("later");
            box.add(later);
            box.done(List.of(later), true, null);
            assertFalse(box.knows("k1"));
            assertEquals(1, Files.readAllLines(dir.resolve(Outbox.JOURNAL)).size());
        }
        try (Outbox box = Outbox.open(dir, clock, Duration.ofDays(7))) {
            assertTrue(box.knows("later"));
            assertFalse(box.knows("k1"));
        }
    }

    @Test
    void quietHoursSpanMidnightInTheServersZone() {
        QuietHours q = QuietHours.parse("22:00-07:00");
        java.time.ZoneId zurich = java.time.ZoneId.of("Europe/Zurich");
        Instant lateEvening =
                java.time.ZonedDateTime.of(2025, 6, 1, 23, 30, 0, 0, zurich).toInstant();
        assertEquals(
                java.time.ZonedDateTime.of(2025, 6, 2, 7, 0, 0, 0, zurich).toInstant(), q.endAt(lateEvening, zurich));
        Instant early =
                java.time.ZonedDateTime.of(2025, 6, 2, 6, 59, 0, 0, zurich).toInstant();
        assertEquals(java.time.ZonedDateTime.of(2025, 6, 2, 7, 0, 0, 0, zurich).toInstant(), q.endAt(early, zurich));
        assertEquals(
                null,
                q.endAt(
                        java.time.ZonedDateTime.of(2025, 6, 2, 12, 0, 0, 0, zurich)
                                .toInstant(),
                        zurich));
        assertEquals(null, QuietHours.parse("9:00-17:00").endAt(early, zurich));
    }

    @Test
    void backoffDoublesUpToItsLimit() {
        assertEquals(Duration.ofSeconds(5), Lane.backoff(1));
        assertEquals(Duration.ofSeconds(10), Lane.backoff(2));
        assertEquals(Duration.ofSeconds(160), Lane.backoff(6));
        assertEquals(Lane.MAX_BACKOFF, Lane.backoff(7));
        assertEquals(Lane.MAX_BACKOFF, Lane.backoff(1000));
    }
}

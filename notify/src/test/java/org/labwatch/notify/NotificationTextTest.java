package org.labwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.Notification;

class NotificationTextTest {

    private static Notification.Item item(String event, String name, int count, String message, String url) {
        return new Notification.Item(
                event,
                name,
                name,
                event.equals("error") ? "running" : event,
                message,
                "fridge-pc",
                OffsetDateTime.parse("2025-03-04T14:03:00+01:00"),
                Duration.ofMinutes(62),
                count,
                url);
    }

    @Test
    void oneEventIsItsOwnSubjectAndAParagraph() {
        Notification n = new Notification(
                List.of(item("failed", "qubit_cal", 1, "fit diverged", "https://lab/#/experiment/qubit_cal")), false);
        assertEquals("qubit_cal failed after 1 h 2 min", NotificationText.subject(n));
        assertEquals(
                "qubit_cal failed after 1 h 2 min (fridge-pc, 14:03)\nfit diverged\nhttps://lab/#/experiment/qubit_cal",
                NotificationText.body(n));
    }

    @Test
    void aGroupIsCountedByEvent() {
        Notification n = new Notification(
                List.of(
                        item("failed", "a", 1, "x", null),
                        item("failed", "b", 1, "x", null),
                        item("error", "c", 999, "glitch", null)),
                false);
        assertEquals("1 run logged errors, 2 runs failed", NotificationText.subject(n));
        assertEquals("c: 999 errors", NotificationText.headline(n.items().get(2)));
    }
}

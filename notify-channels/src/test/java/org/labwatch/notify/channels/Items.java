package org.labwatch.notify.channels;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/** Notifications and channel settings as the engine hands them to a notifier. */
final class Items {

    static final OffsetDateTime TIME = OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.ofHours(1));

    static final String TRACE = "java.lang.IllegalStateException: fridge temperature 4.2 K > 0.1 K\n"
            + "\tat org.lab.Calibration.step(Calibration.java:42)\n"
            + "\tat org.lab.Calibration.run(Calibration.java:17)";

    private Items() {}

    static Item failed() {
        return new Item(
                "failed",
                "calibration",
                "20260314_130000",
                "failed",
                TRACE,
                "fridge-pc",
                TIME,
                Duration.ofMinutes(125),
                1,
                "https://lab.example.org/experiments/calibration/20260314_130000");
    }

    static Item item(String event, String experiment, String id, String message, String url) {
        return new Item(event, experiment, id, event, message, "fridge-pc", TIME, Duration.ofSeconds(200), 1, url);
    }

    static Notification one(Item item) {
        return new Notification(List.of(item), false);
    }

    /** n runs of experiment run-1 … run-n that failed, each with a link. */
    static Notification failures(int n) {
        List<Item> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            items.add(item(
                    "failed", "run-" + i, "id" + i, "boom " + i + "\nsecond line", "https://lab.example.org/r/" + i));
        }
        return new Notification(items, false);
    }

    static ChannelSettings settings(String type, Map<String, String> properties) {
        return new ChannelSettings("lab-" + type, type, properties);
    }
}

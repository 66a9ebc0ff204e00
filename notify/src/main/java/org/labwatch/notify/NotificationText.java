package org.labwatch.notify;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labwatch.api.Liveness;
import org.labwatch.spi.Notification;

/**
 * The words of a notification for channels that send text (mail, chat): one subject line and one
 * paragraph per event, naming the experiment, what happened, how long it ran, its last message or
 * error, and its link. Public for the channel types of this bundle; not exported.
 */
public final class NotificationText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private NotificationText() {}

    /** "qubit_cal failed", "qubit_cal: 999 more errors", "3 runs failed, 2 completed". */
    public static String subject(Notification n) {
        List<Notification.Item> items = n.items();
        if (n.test()) {
            return "labwatch test notification";
        }
        if (items.size() == 1) {
            return headline(items.get(0));
        }
        Map<String, Integer> byEvent = new TreeMap<>();
        for (Notification.Item i : items) {
            byEvent.merge(i.event(), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        byEvent.forEach((event, count) -> s.append(s.length() == 0 ? "" : ", ")
                .append(count)
                .append(count == 1 ? " run " : " runs ")
                .append(verb(event)));
        return s.toString();
    }

    /** One event as a line: "qubit_cal failed after 1 h 2 min (fridge-pc, 14:03)". */
    public static String headline(Notification.Item i) {
        String what = switch (i.event()) {
            case "error" -> i.count() == 1 ? ": an error" : ": " + i.count() + " errors";
            case "stale" -> " went silent";
            case "recovered" -> " is alive again";
            case "test" -> ": test";
            default -> " " + i.event();
        };
        StringBuilder s = new StringBuilder(i.experiment()).append(what);
        Duration ran = i.ran();
        if (ran != null
                && (i.event().equals("completed")
                        || i.event().equals("failed")
                        || i.event().equals("interrupted"))) {
            s.append(" after ").append(Liveness.describe(ran));
        }
        return s.toString();
    }

    /** The events, each as its headline, where and when, message and link; blank lines between. */
    public static String body(Notification n) {
        StringBuilder s = new StringBuilder();
        for (Notification.Item i : n.items()) {
            if (s.length() > 0) {
                s.append("\n\n");
            }
            s.append(headline(i));
            if (i.host() != null || i.time() != null) {
                s.append(" (")
                        .append(i.host() == null ? "" : i.host())
                        .append(i.host() != null && i.time() != null ? ", " : "")
                        .append(i.time() == null ? "" : CLOCK.format(i.time()))
                        .append(")");
            }
            if (i.message() != null && !i.message().isBlank()) {
                s.append("\n").append(i.message());
            }
            if (i.url() != null) {
                s.append("\n").append(i.url());
            }
        }
        return s.toString();
    }

    private static String verb(String event) {
        return switch (event) {
            case "error" -> "logged errors";
            case "stale" -> "went silent";
            case "recovered" -> "came back";
            default -> event;
        };
    }
}

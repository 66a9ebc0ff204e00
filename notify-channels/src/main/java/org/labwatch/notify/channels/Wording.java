package org.labwatch.notify.channels;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * The words every channel type uses for a notification, so an email, a Slack message and an ntfy
 * push say the same thing: an item's headline ("calibration failed"), a grouped notification's title
 * ("3 runs failed: calibration, sweep, t1"), durations and times.
 */
final class Wording {

    /** At most this many items are listed in one message; the rest are counted ("and 5 more"). */
    static final int MAX_ITEMS = 20;

    static final String TEST_NOTE = "Test notification sent by labwatch:notify-test; nothing happened to any run.";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private Wording() {}

    /** What happened to one run, after its experiment's name: "failed", "logged 12 errors". */
    static String verb(Item item) {
        switch (item.event()) {
            case "completed":
                return "completed";
            case "failed":
                return "failed";
            case "interrupted":
                return "was interrupted";
            case "stale":
                return "stopped reporting";
            case "recovered":
                return "is reporting again";
            case "error":
                return item.count() > 1 ? "logged " + item.count() + " errors" : "logged an error";
            default:
                // An event a newer engine knows: said as it is rather than dropped.
                return item.event();
        }
    }

    /** The verb for several runs ("3 runs were interrupted"). */
    private static String pluralVerb(String event) {
        switch (event) {
            case "interrupted":
                return "were interrupted";
            case "recovered":
                return "are reporting again";
            case "stale":
                return "stopped reporting";
            case "error":
                return "logged errors";
            default:
                return event;
        }
    }

    /** One word for an event in a mixed list ("2 failed, 1 stale"). */
    private static String adjective(String event) {
        switch (event) {
            case "error":
                return "with errors";
            default:
                return event;
        }
    }

    static String headline(Item item) {
        return item.experiment() + " " + verb(item);
    }

    /** "run 20260101_120000 on lab-pc": which run, where. */
    static String where(Item item) {
        StringBuilder s = new StringBuilder("run ").append(item.id());
        if (item.host() != null && !item.host().isBlank()) {
            s.append(" on ").append(item.host());
        }
        return s.toString();
    }

    /**
     * The notification's title: one item's headline, or for several how many and what happened with
     * the experiments' names (a subject line has to say which experiments without opening the mail).
     * A test says so first.
     */
    static String title(Notification n) {
        String title = n.items().size() == 1 ? headline(n.items().get(0)) : groupTitle(n.items());
        return n.test() ? "Test: " + title : title;
    }

    private static String groupTitle(List<Item> items) {
        Map<String, Integer> byEvent = new LinkedHashMap<>();
        Set<String> runs = new LinkedHashSet<>();
        Set<String> experiments = new LinkedHashSet<>();
        for (Item item : items) {
            byEvent.merge(item.event(), 1, Integer::sum);
            runs.add(item.experiment() + "\u0000" + item.id());
            experiments.add(item.experiment());
        }
        // "runs" only when each item is a different run; a run's failure and its errors are two events.
        String noun = runs.size() == items.size() ? " runs" : " events";
        String what;
        if (byEvent.size() == 1) {
            what = items.size() + noun + " " + pluralVerb(items.get(0).event());
        } else {
            List<String> parts = new ArrayList<>();
            byEvent.forEach((event, count) -> parts.add(count + " " + adjective(event)));
            what = items.size() + noun + ": " + String.join(", ", parts);
        }
        List<String> names = new ArrayList<>(experiments);
        String listed = String.join(", ", names.subList(0, Math.min(3, names.size())));
        if (names.size() > 3) {
            listed += " and " + (names.size() - 3) + " more";
        }
        return what + (byEvent.size() == 1 ? ": " : " (") + listed + (byEvent.size() == 1 ? "" : ")");
    }

    /** The items a message lists: the first {@link #MAX_ITEMS}. */
    static List<Item> listed(Notification n) {
        return n.items().subList(0, Math.min(MAX_ITEMS, n.items().size()));
    }

    /** "and 5 more" for the items not listed; empty when all are. */
    static String more(Notification n) {
        int more = n.items().size() - MAX_ITEMS;
        return more > 0 ? "and " + more + " more" : "";
    }

    /** Whether the message names an error (a failure's stack trace, a logged error) or a plain message. */
    static String messageLabel(Item item) {
        return item.event().equals("failed") || item.event().equals("error") ? "Error" : "Last message";
    }

    static String time(Item item) {
        return item.time() == null ? null : TIME.format(item.time());
    }

    /** "2 h 5 min", "3 min 20 s", "45 s", "1 d 3 h"; null when unknown. */
    static String duration(Duration d) {
        if (d == null) {
            return null;
        }
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        if (minutes > 0) {
            return minutes + " min" + (seconds > 0 ? " " + seconds + " s" : "");
        }
        return seconds + " s";
    }

    /** The first line of a message (a stack trace's exception line), for a list of several runs. */
    static String firstLine(String message, int maxChars) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String line = message.strip().lines().findFirst().orElse("");
        return clip(line, maxChars);
    }

    /** At most maxChars characters, cut with an ellipsis; surrogate pairs are not split. */
    static String clip(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** A long message (a stack trace) cut to maxChars, saying how much was left out. */
    static String clipMessage(String message, int maxChars) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        if (m.length() <= maxChars) {
            return m;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(m.charAt(end - 1))) {
            end--;
        }
        return m.substring(0, end) + "\n… (" + (m.length() - end) + " more characters)";
    }
}

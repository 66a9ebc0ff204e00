package org.labwatch.notify.channels;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * A notification as one chat post in a {@link Markup}: the {@code text} of a Slack or Mattermost
 * message. Mattermost shows it as the post; Slack shows its blocks and uses the text for the
 * phone's notification and for clients without blocks.
 */
final class ChatText {

    /** Slack cuts a message's text at 40,000 characters; a stack trace's start is what matters. */
    static final int MESSAGE_CHARS = 2900;

    static final int LINE_MESSAGE_CHARS = 150;

    private ChatText() {}

    static String of(Notification n, Markup m) {
        List<String> lines = new ArrayList<>();
        lines.add(m.bold(m.escape(Wording.title(n))));
        if (n.test()) {
            lines.add(m.escape(Wording.TEST_NOTE));
        }
        if (n.items().size() == 1) {
            Item item = n.items().get(0);
            lines.add(m.escape(details(item)));
            if (item.url() != null) {
                lines.add(m.link(item.url(), m.escape("Open run")));
            }
            if (item.message() != null && !item.message().isBlank()) {
                lines.add(m.code(Wording.clipMessage(item.message(), MESSAGE_CHARS)));
            }
        } else {
            for (Item item : Wording.listed(n)) {
                lines.add(line(item, m));
            }
            String more = Wording.more(n);
            if (!more.isEmpty()) {
                lines.add(m.escape(more));
            }
        }
        return String.join("\n", lines);
    }

    /** "run 2026… on lab-pc · state failed · ran 2 h 5 min · 2026-01-01 14:05:00 +01:00" */
    static String details(Item item) {
        StringBuilder s = new StringBuilder(Wording.where(item));
        if (item.state() != null && !item.state().isBlank()) {
            s.append(" · state ").append(item.state());
        }
        String ran = Wording.duration(item.ran());
        if (ran != null) {
            s.append(" · ran ").append(ran);
        }
        String time = Wording.time(item);
        if (time != null) {
            s.append(" · ").append(time);
        }
        return s.toString();
    }

    /** One run of several: "• calibration failed, run … on …: first line of its message" (the name links the run). */
    static String line(Item item, Markup m) {
        String name = m.escape(item.experiment());
        if (item.url() != null) {
            name = m.link(item.url(), name);
        }
        StringBuilder s = new StringBuilder("• ")
                .append(name)
                .append(' ')
                .append(m.escape(Wording.verb(item) + ", " + Wording.where(item)));
        String first = Wording.firstLine(item.message(), LINE_MESSAGE_CHARS);
        if (first != null) {
            s.append(": ").append(m.escape(first));
        }
        return s.toString();
    }
}

package org.labwatch.notify.channels;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * A notification as an email: a subject naming the experiments and what happened, a plain-text body
 * (each run's facts, its link, its last message or error with the whole stack trace), and the same as
 * HTML for a channel with {@code html = true}.
 */
record MailText(String subject, String plain, String html) {

    /** A failure's stack trace in full when alone; each run's start of it when several are listed. */
    static final int MESSAGE_CHARS = 20_000;

    static final int GROUPED_MESSAGE_CHARS = 1_000;

    private static final int SUBJECT_CHARS = 200;

    static MailText of(Notification n, String subjectPrefix, String channel) {
        String subject = Wording.clip(
                (subjectPrefix.isEmpty() ? "" : subjectPrefix + " ")
                        + Wording.title(n).replaceAll("\\s+", " "),
                SUBJECT_CHARS);
        boolean one = n.items().size() == 1;
        int messageChars = one ? MESSAGE_CHARS : GROUPED_MESSAGE_CHARS;
        String footer = "Sent by labwatch through its notification channel \"" + channel + "\".";

        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n");
        if (n.test()) {
            plain.append(Wording.TEST_NOTE).append("\n\n");
            html.append("<p><em>").append(escape(Wording.TEST_NOTE)).append("</em></p>\n");
        }
        plain.append(Wording.title(n)).append("\n");
        html.append("<h2>").append(escape(Wording.title(n))).append("</h2>\n");
        for (Item item : Wording.listed(n)) {
            if (!one) {
                plain.append("\n== ").append(Wording.headline(item)).append(" ==\n");
                html.append("<h3>").append(escape(Wording.headline(item))).append("</h3>\n");
            }
            plain.append("\n");
            html.append("<table>\n");
            for (String[] fact : facts(item)) {
                plain.append(String.format("%-12s%s\n", fact[0] + ":", fact[1]));
                html.append("<tr><th align=\"left\">")
                        .append(escape(fact[0]))
                        .append("</th><td>")
                        .append(escape(fact[1]))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
            if (item.url() != null) {
                plain.append(String.format("%-12s%s\n", "Link:", item.url()));
                html.append("<p><a href=\"").append(escape(item.url())).append("\">Open the run</a></p>\n");
            }
            if (item.message() != null && !item.message().isBlank()) {
                String message = Wording.clipMessage(item.message(), messageChars);
                plain.append("\n").append(Wording.messageLabel(item)).append(":\n");
                message.lines().forEach(l -> plain.append("    ").append(l).append("\n"));
                html.append("<p><b>")
                        .append(Wording.messageLabel(item))
                        .append(":</b></p>\n<pre>")
                        .append(escape(message))
                        .append("</pre>\n");
            }
        }
        String more = Wording.more(n);
        if (!more.isEmpty()) {
            plain.append("\n…").append(more).append(" not listed here.\n");
            html.append("<p>…").append(escape(more)).append(" not listed here.</p>\n");
        }
        // "-- " is the signature separator mail programs recognise.
        plain.append("\n-- \n").append(footer).append("\n");
        html.append("<hr><p style=\"color: gray\">").append(escape(footer)).append("</p>\n</body></html>\n");
        return new MailText(subject, plain.toString(), html.toString());
    }

    private static List<String[]> facts(Item item) {
        List<String[]> facts = new ArrayList<>();
        add(facts, "Experiment", item.experiment());
        add(facts, "Run", item.id());
        add(facts, "Host", item.host());
        add(facts, "State", item.state());
        // The event only where the state does not say it already: an error of a running run, a stale one.
        if (item.count() > 1) {
            add(facts, "Event", item.event() + " (" + item.count() + " times)");
        } else if (!item.event().equals(item.state())) {
            add(facts, "Event", item.event());
        }
        add(facts, "Ran", Wording.duration(item.ran()));
        add(facts, "Time", Wording.time(item));
        return facts;
    }

    private static void add(List<String[]> facts, String label, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new String[] {label, value});
        }
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    s.append("&amp;");
                    break;
                case '<':
                    s.append("&lt;");
                    break;
                case '>':
                    s.append("&gt;");
                    break;
                case '"':
                    s.append("&quot;");
                    break;
                case '\'':
                    s.append("&#39;");
                    break;
                default:
                    s.append(c);
            }
        }
        return s.toString();
    }
}

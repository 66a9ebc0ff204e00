package org.labwatch.notify.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * The message a Microsoft Teams Workflows webhook receives: one Adaptive Card 1.4 in a
 * {@code "type": "message"} envelope, as the "post to a channel when a webhook request is received"
 * workflow expects. TextBlocks and facts are Markdown in Teams, so run text there is escaped; a
 * message (a stack trace) goes into a TextRun, which Teams shows as it is.
 */
final class TeamsCard {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Teams refuses cards over about 28 KB; twenty runs and one trace stay well below. */
    static final int MESSAGE_CHARS = 4000;

    private TeamsCard() {}

    static String of(Notification n) {
        ObjectNode root = JSON.createObjectNode().put("type", "message");
        ObjectNode card = root.putArray("attachments")
                .addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("text", escape(Wording.title(n)))
                .put("size", "Medium")
                .put("weight", "Bolder")
                .put("color", color(n))
                .put("wrap", true);
        if (n.test()) {
            body.addObject()
                    .put("type", "TextBlock")
                    .put("text", escape(Wording.TEST_NOTE))
                    .put("isSubtle", true)
                    .put("wrap", true);
        }
        if (n.items().size() == 1) {
            single(card, body, n.items().get(0));
        } else {
            for (Item item : Wording.listed(n)) {
                body.addObject()
                        .put("type", "TextBlock")
                        .put("text", line(item))
                        .put("wrap", true)
                        .put("spacing", "Small");
            }
            String more = Wording.more(n);
            if (!more.isEmpty()) {
                body.addObject()
                        .put("type", "TextBlock")
                        .put("text", escape(more))
                        .put("isSubtle", true)
                        .put("wrap", true);
            }
        }
        return root.toString();
    }

    private static void single(ObjectNode card, ArrayNode body, Item item) {
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Experiment", item.experiment());
        fact(facts, "Run", item.id());
        fact(facts, "Host", item.host());
        fact(facts, "State", item.state());
        fact(facts, "Ran", Wording.duration(item.ran()));
        fact(facts, "Time", Wording.time(item));
        if (item.message() != null && !item.message().isBlank()) {
            body.addObject()
                    .put("type", "RichTextBlock")
                    .putArray("inlines")
                    .addObject()
                    .put("type", "TextRun")
                    .put("text", Wording.clipMessage(item.message(), MESSAGE_CHARS))
                    .put("fontType", "Monospace");
        }
        if (item.url() != null) {
            card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Open run")
                    .put("url", item.url());
        }
    }

    /** "**calibration** failed, run … on …: first line", the name a link to the run when it has one. */
    private static String line(Item item) {
        String name = "**" + escape(item.experiment()) + "**";
        if (item.url() != null) {
            name = "[" + name + "]("
                    + item.url().replace("(", "%28").replace(")", "%29").replace(" ", "%20") + ")";
        }
        String s = "- " + name + " " + escape(Wording.verb(item) + ", " + Wording.where(item));
        String first = Wording.firstLine(item.message(), ChatText.LINE_MESSAGE_CHARS);
        return first == null ? s : s + ": " + escape(first);
    }

    private static void fact(ArrayNode facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.addObject().put("title", title).put("value", escape(value));
        }
    }

    /** Red for failures and errors, amber for runs stopped or silent, green for good news. */
    private static String color(Notification n) {
        boolean warning = false;
        for (Item item : n.items()) {
            switch (item.event()) {
                case "failed":
                case "error":
                    return "Attention";
                case "interrupted":
                case "stale":
                    warning = true;
                    break;
                default:
                    break;
            }
        }
        return warning ? "Warning" : "Good";
    }

    /**
     * Teams' Markdown: a backslash before every character that formats or links; "{{" would start
     * one of the card's DATE/TIME functions. Newlines become spaces (a fact or title is one line).
     */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_~[](){}#<>!|".indexOf(c) >= 0) {
                s.append('\\').append(c);
            } else if ((c == '-' || c == '+') && i == 0 || c == '.' && i > 0 && allDigits(text, i)) {
                // List markers ("- ", "+ ", "1. ") only count at the start of the text, its one line.
                s.append('\\').append(c);
            } else if (c == '\r' || c == '\n') {
                s.append(' ');
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static boolean allDigits(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

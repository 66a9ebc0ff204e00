package org.labwatch.notify.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * The JSON an incoming webhook of Slack (or Mattermost, which takes Slack's format) receives:
 * {@code {"text": ..., "blocks": [...]}}. Run text goes into plain_text and rich_text elements, which
 * Slack does not format, or is escaped where mrkdwn is needed for bold labels and links.
 */
final class SlackPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Slack's limits: a header's text 150 characters, a section 10 fields, its text 3000. */
    private static final int HEADER_CHARS = 150;

    private static final int LINES_PER_SECTION = 10;

    private SlackPayload() {}

    static String of(Notification n, Markup textMarkup) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", ChatText.of(n, textMarkup));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        plain(header.putObject("text"), Wording.clip(Wording.title(n), HEADER_CHARS));
        if (n.test()) {
            plain(context(blocks).addObject(), Wording.TEST_NOTE);
        }
        if (n.items().size() == 1) {
            single(blocks, n.items().get(0));
        } else {
            List<Item> listed = Wording.listed(n);
            for (int i = 0; i < listed.size(); i += LINES_PER_SECTION) {
                List<String> lines = new ArrayList<>();
                for (Item item : listed.subList(i, Math.min(listed.size(), i + LINES_PER_SECTION))) {
                    lines.add(ChatText.line(item, Markup.SLACK));
                }
                blocks.addObject()
                        .put("type", "section")
                        .putObject("text")
                        .put("type", "mrkdwn")
                        .put("text", String.join("\n", lines));
            }
            String more = Wording.more(n);
            if (!more.isEmpty()) {
                plain(context(blocks).addObject(), more);
            }
        }
        return root.toString();
    }

    private static void single(ArrayNode blocks, Item item) {
        ArrayNode fields = JSON.createArrayNode();
        field(fields, "Run", item.id());
        field(fields, "Host", item.host());
        field(fields, "State", item.state());
        field(fields, "Ran", Wording.duration(item.ran()));
        field(fields, "Time", Wording.time(item));
        blocks.addObject().put("type", "section").set("fields", fields);
        if (item.message() != null && !item.message().isBlank()) {
            // Preformatted rich text: a stack trace keeps its lines and nothing in it is markup.
            blocks.addObject()
                    .put("type", "rich_text")
                    .putArray("elements")
                    .addObject()
                    .put("type", "rich_text_preformatted")
                    .putArray("elements")
                    .addObject()
                    .put("type", "text")
                    .put("text", Wording.clipMessage(item.message(), ChatText.MESSAGE_CHARS));
        }
        if (item.url() != null) {
            ObjectNode button = blocks.addObject()
                    .put("type", "actions")
                    .putArray("elements")
                    .addObject()
                    .put("type", "button");
            plain(button.putObject("text"), "Open run");
            button.put("url", item.url());
        }
    }

    private static void field(ArrayNode fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + Markup.SLACK.escape(value));
        }
    }

    private static ArrayNode context(ArrayNode blocks) {
        return blocks.addObject().put("type", "context").putArray("elements");
    }

    private static void plain(ObjectNode text, String value) {
        text.put("type", "plain_text").put("text", value).put("emoji", false);
    }
}

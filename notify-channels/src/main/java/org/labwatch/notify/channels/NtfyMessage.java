package org.labwatch.notify.channels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/**
 * An ntfy publish request: the text as the body, the rest as ntfy's headers (Title, Tags with an
 * emoji per event, Priority, Click to open the run). ntfy shows a body of up to 4,096 bytes as the
 * message and turns a longer one into an attachment, so the body is kept below that.
 */
record NtfyMessage(Map<String, String> headers, String body) {

    static final int BODY_BYTES = 4000;

    static NtfyMessage of(Notification n, NtfySettings s) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Title", headerText(Wording.title(n)));
        Set<String> tags = new LinkedHashSet<>();
        if (n.test()) {
            tags.add("test_tube");
        }
        for (Item item : n.items()) {
            tags.add(tag(item.event()));
        }
        tags.addAll(s.tags());
        headers.put("Tags", String.join(",", tags));
        if (s.priority() != null) {
            headers.put("Priority", String.valueOf(s.priority()));
        }
        if (n.items().size() == 1 && n.items().get(0).url() != null) {
            headers.put("Click", headerText(n.items().get(0).url()));
        }
        s.token().ifPresent(t -> headers.put("Authorization", "Bearer " + t));
        return new NtfyMessage(headers, body(n));
    }

    /** ntfy's emoji short codes, shown before the title. */
    private static String tag(String event) {
        switch (event) {
            case "completed":
                return "white_check_mark";
            case "failed":
                return "rotating_light";
            case "interrupted":
                return "stop_sign";
            case "stale":
                return "hourglass";
            case "recovered":
                return "arrows_counterclockwise";
            default:
                return "warning";
        }
    }

    private static String body(Notification n) {
        List<String> lines = new ArrayList<>();
        if (n.test()) {
            lines.add(Wording.TEST_NOTE);
        }
        if (n.items().size() == 1) {
            Item item = n.items().get(0);
            lines.add(ChatText.details(item));
            if (item.message() != null && !item.message().isBlank()) {
                lines.add("");
                lines.add(Wording.clipMessage(item.message(), 3000));
            }
        } else {
            for (Item item : Wording.listed(n)) {
                String first = Wording.firstLine(item.message(), ChatText.LINE_MESSAGE_CHARS);
                lines.add("• " + Wording.headline(item) + ", " + Wording.where(item)
                        + (first == null ? "" : ": " + first));
            }
            String more = Wording.more(n);
            if (!more.isEmpty()) {
                lines.add(more);
            }
        }
        return clipBytes(String.join("\n", lines));
    }

    /** At most {@link #BODY_BYTES} bytes of UTF-8, cut between characters. */
    private static String clipBytes(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= BODY_BYTES) {
            return text;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > BODY_BYTES - 4) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i) + "…";
    }

    /**
     * A header value: no line breaks or control characters (they would end the header), and text
     * beyond ASCII as an RFC 2047 encoded word, which ntfy decodes.
     */
    static String headerText(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        if (oneLine.chars().allMatch(c -> c < 127)) {
            return oneLine;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(oneLine.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}

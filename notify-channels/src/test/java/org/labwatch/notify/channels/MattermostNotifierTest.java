package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;

/**
 * The mattermost type: Slack's payload, with the text (what Mattermost shows) in Mattermost's
 * Markdown.
 */
class MattermostNotifierTest {

    static final ObjectMapper JSON = new ObjectMapper();

    HttpReceiver receiver;
    ChannelSettings settings;
    final MattermostNotifier mattermost = new MattermostNotifier();

    @BeforeEach
    void start() throws Exception {
        receiver = new HttpReceiver();
        settings = Items.settings("mattermost", Map.of("url", receiver.url("/hooks/xs3cr3tx")));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aFailedRunIsMarkdownWithTheTraceFenced() throws Exception {
        assertEquals(Delivery.sent(), mattermost.deliver(settings, Items.one(Items.failed())));

        JsonNode body = JSON.readTree(receiver.only().body());
        assertEquals(
                "**calibration failed**\n"
                        + "run 20260314\\_130000 on fridge\\-pc · state failed · ran 2 h 5 min · 2026\\-03\\-14 15:09:26 \\+01:00\n"
                        + "[Open run](https://lab.example.org/experiments/calibration/20260314_130000)\n"
                        + "```\n" + Items.TRACE + "\n```",
                body.get("text").asText());
        assertEquals("header", body.get("blocks").get(0).get("type").asText(), "the Slack blocks as well");
    }

    @Test
    void runTextCannotMentionEveryoneOrCloseTheFence() throws Exception {
        mattermost.deliver(
                settings,
                Items.one(Items.item("error", "@channel [x](https://evil.example)", "1", "```\n@all look", null)));

        String text = JSON.readTree(receiver.only().body()).get("text").asText();
        assertTrue(text.startsWith("**@\u200Bchannel \\[x\\]\\(https://evil\\.example\\) logged an error**\n"), text);
        assertTrue(text.endsWith("\n````\n```\n@all look\n````"), text);
    }
}

package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;

/** The slack type against a real HTTP receiver: the exact JSON Slack's incoming webhook gets. */
class SlackNotifierTest {

    static final ObjectMapper JSON = new ObjectMapper();

    HttpReceiver receiver;
    ChannelSettings settings;
    final SlackNotifier slack = new SlackNotifier();

    @BeforeEach
    void start() throws Exception {
        receiver = new HttpReceiver();
        settings = Items.settings("slack", Map.of("url", receiver.url("/services/T0LAB/B0LAB/s3cr3tT0ken")));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aFailedRunIsOneMessageWithItsFactsTraceAndLink() throws Exception {
        Delivery d = slack.deliver(settings, Items.one(Items.failed()));

        assertEquals(Delivery.sent(), d);
        HttpReceiver.Request r = receiver.only();
        assertEquals("POST", r.method());
        assertEquals("/services/T0LAB/B0LAB/s3cr3tT0ken", r.path());
        assertEquals("application/json; charset=utf-8", r.headers().get("content-type"));
        String url = "https://lab.example.org/experiments/calibration/20260314_130000";
        String expected = """
                {"text": "*calibration failed*\\nrun 20260314_130000 on fridge-pc · state failed · ran 2 h 5 min · 2026-03-14 15:09:26 +01:00\\n<%1$s|Open run>\\n```java.lang.IllegalStateException: fridge temperature 4.2 K &gt; 0.1 K\\n\\tat org.lab.Calibration.step(Calibration.java:42)\\n\\tat org.lab.Calibration.run(Calibration.java:17)```",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": "calibration failed", "emoji": false}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Run*\\n20260314_130000"},
                    {"type": "mrkdwn", "text": "*Host*\\nfridge-pc"},
                    {"type": "mrkdwn", "text": "*State*\\nfailed"},
                    {"type": "mrkdwn", "text": "*Ran*\\n2 h 5 min"},
                    {"type": "mrkdwn", "text": "*Time*\\n2026-03-14 15:09:26 +01:00"}]},
                  {"type": "rich_text", "elements": [{"type": "rich_text_preformatted", "elements": [
                    {"type": "text", "text": "java.lang.IllegalStateException: fridge temperature 4.2 K > 0.1 K\\n\\tat org.lab.Calibration.step(Calibration.java:42)\\n\\tat org.lab.Calibration.run(Calibration.java:17)"}]}]},
                  {"type": "actions", "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Open run", "emoji": false}, "url": "%1$s"}]}
                 ]}
                """.formatted(url);
        assertEquals(JSON.readTree(expected), JSON.readTree(r.body()));
    }

    @Test
    void severalRunsAreOneMessageListingTwentyAndCountingTheRest() throws Exception {
        assertEquals(Delivery.sent(), slack.deliver(settings, Items.failures(23)));

        JsonNode body = JSON.readTree(receiver.only().body());
        JsonNode blocks = body.get("blocks");
        assertEquals(
                "23 runs failed: run-1, run-2, run-3 and 20 more",
                blocks.get(0).get("text").get("text").asText());
        // Ten lines per section (Slack's 3000 characters), then the count of the rest.
        assertEquals(4, blocks.size());
        String first = blocks.get(1).get("text").get("text").asText();
        assertEquals(10, first.lines().count());
        assertEquals(
                "• <https://lab.example.org/r/1|run-1> failed, run id1 on fridge-pc: boom 1",
                first.lines().findFirst().orElseThrow());
        assertEquals(10, blocks.get(2).get("text").get("text").asText().lines().count());
        assertEquals(
                JSON.readTree(
                        "{\"type\": \"context\", \"elements\": [{\"type\": \"plain_text\", \"text\": \"and 3 more\", \"emoji\": false}]}"),
                blocks.get(3));
        String text = body.get("text").asText();
        assertEquals(22, text.lines().count(), "title, 20 runs, the count");
        assertTrue(text.endsWith("\nand 3 more"));
    }

    @Test
    void aTestNotificationSaysSo() throws Exception {
        slack.deliver(settings, new Notification(List.of(Items.failed()), true));

        JsonNode blocks = JSON.readTree(receiver.only().body()).get("blocks");
        assertEquals(
                "Test: calibration failed",
                blocks.get(0).get("text").get("text").asText());
        assertEquals("context", blocks.get(1).get("type").asText());
        assertEquals(
                Wording.TEST_NOTE,
                blocks.get(1).get("elements").get(0).get("text").asText());
    }

    @Test
    void runTextCannotMentionLinkOrFormat() throws Exception {
        slack.deliver(
                settings,
                Items.one(Items.item("error", "<!channel> & co", "a|b", "see <https://evil.example|your bank>", null)));

        JsonNode body = JSON.readTree(receiver.only().body());
        String text = body.get("text").asText();
        assertTrue(text.startsWith("*&lt;!channel&gt; &amp; co logged an error*\n"), text);
        assertTrue(text.contains("```see &lt;https://evil.example|your bank&gt;```"), text);
        assertFalse(text.contains("<!channel>") || text.contains("<https://evil"), text);
        assertFalse(text.contains("Open run"), "no link without a url");
        JsonNode blocks = body.get("blocks");
        assertEquals(
                "*Run*\na|b", blocks.get(1).get("fields").get(0).get("text").asText());
        assertFalse(body.toString().contains("\"actions\""), "no button without a url");
    }
}

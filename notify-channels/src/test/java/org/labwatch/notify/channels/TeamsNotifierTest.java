package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/** The teams type against a real HTTP receiver answering 202 as Workflows does: the exact card. */
class TeamsNotifierTest {

    static final ObjectMapper JSON = new ObjectMapper();

    HttpReceiver receiver;
    ChannelSettings settings;
    final TeamsNotifier teams = new TeamsNotifier();

    @BeforeEach
    void start() throws Exception {
        receiver = new HttpReceiver().answer(202, "", Map.of());
        settings = Items.settings(
                "teams", Map.of("url", receiver.url("/workflows/a1b2/triggers/manual/paths/invoke?sig=s3cr3t")));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aFailedRunIsAnAdaptiveCardWithFactsTraceAndAnOpenAction() throws Exception {
        assertEquals(Delivery.sent(), teams.deliver(settings, Items.one(Items.failed())));

        HttpReceiver.Request r = receiver.only();
        assertEquals("application/json; charset=utf-8", r.headers().get("content-type"));
        String expected = """
                {"type": "message",
                 "attachments": [{
                  "contentType": "application/vnd.microsoft.card.adaptive",
                  "content": {
                   "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                   "type": "AdaptiveCard",
                   "version": "1.4",
                   "body": [
                    {"type": "TextBlock", "text": "calibration failed", "size": "Medium", "weight": "Bolder",
                     "color": "Attention", "wrap": true},
                    {"type": "FactSet", "facts": [
                     {"title": "Experiment", "value": "calibration"},
                     {"title": "Run", "value": "20260314\\\\_130000"},
                     {"title": "Host", "value": "fridge-pc"},
                     {"title": "State", "value": "failed"},
                     {"title": "Ran", "value": "2 h 5 min"},
                     {"title": "Time", "value": "2026-03-14 15:09:26 +01:00"}]},
                    {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "fontType": "Monospace",
                     "text": "java.lang.IllegalStateException: fridge temperature 4.2 K > 0.1 K\\n\\tat org.lab.Calibration.step(Calibration.java:42)\\n\\tat org.lab.Calibration.run(Calibration.java:17)"}]}
                   ],
                   "actions": [{"type": "Action.OpenUrl", "title": "Open run",
                    "url": "https://lab.example.org/experiments/calibration/20260314_130000"}]
                  }}]}
                """;
        assertEquals(JSON.readTree(expected), JSON.readTree(r.body()));
    }

    @Test
    void severalRunsAreOneCardWithALinkedLinePerRun() throws Exception {
        List<Item> items = new ArrayList<>();
        items.add(Items.item("stale", "sweep", "7", null, "https://lab.example.org/r/7"));
        items.add(Items.item("completed", "*bold* [x](y)", "8", "done", null));
        teams.deliver(settings, new Notification(items, true));

        JsonNode body = JSON.readTree(receiver.only().body())
                .get("attachments")
                .get(0)
                .get("content")
                .get("body");
        String expected = """
                [
                 {"type": "TextBlock", "text": "Test: 2 runs: 1 stale, 1 completed \\\\(sweep, \\\\*bold\\\\* \\\\[x\\\\]\\\\(y\\\\)\\\\)",
                  "size": "Medium", "weight": "Bolder", "color": "Warning", "wrap": true},
                 {"type": "TextBlock", "text": "Test notification sent by labwatch:notify-test; nothing happened to any run.",
                  "isSubtle": true, "wrap": true},
                 {"type": "TextBlock", "text": "- [**sweep**](https://lab.example.org/r/7) stopped reporting, run 7 on fridge-pc",
                  "wrap": true, "spacing": "Small"},
                 {"type": "TextBlock", "text": "- **\\\\*bold\\\\* \\\\[x\\\\]\\\\(y\\\\)** completed, run 8 on fridge-pc: done",
                  "wrap": true, "spacing": "Small"}
                ]
                """;
        assertEquals(JSON.readTree(expected), body);
        assertEquals(
                null,
                JSON.readTree(receiver.only().body())
                        .get("attachments")
                        .get(0)
                        .get("content")
                        .get("actions"),
                "a grouped card links each run in its line");
    }

    @Test
    void twentyRunsAreListedAndTheRestCounted() throws Exception {
        teams.deliver(settings, Items.failures(25));

        JsonNode body = JSON.readTree(receiver.only().body())
                .get("attachments")
                .get(0)
                .get("content")
                .get("body");
        assertEquals(1 + 20 + 1, body.size());
        assertEquals("and 5 more", body.get(21).get("text").asText());
    }
}

package org.labwatch.web.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.notify.NotifyEngine;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/** {@code /api/notify/channels} over the real notification engine, and without it. */
class ChannelsApiTest {

    @TempDir
    Path data;

    @Test
    void listsEachChannelWithItsRulesAndStateButNoSecret() throws Exception {
        try (StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of());
                NotifyEngine engine = NotifyEngine.of(index, data.resolve("notify"))) {
            engine.configure(
                    "team",
                    Map.of(
                            "type", "webhook",
                            "url", "https://hooks.example.org/T0K3N",
                            "secret", "s3cret",
                            "events", "failed, stale",
                            "quietHours", "22:00-07:00",
                            "publicUrl", "https://lab.example.org/"));
            engine.configure("broken", Map.of("type", "webhook"));
            Reply reply = ChannelsApi.answer(ApiRequest.get(ChannelsApi.PATH), engine);
            assertEquals(200, reply.status());
            String body = new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(body.contains("s3cret"), body);
            assertFalse(body.contains("T0K3N"), body);
            JsonNode channels = Json.MAPPER.readTree(body).path("channels");
            assertEquals(2, channels.size());
            JsonNode broken = channels.get(0);
            assertEquals("broken", broken.path("name").asText());
            assertEquals("invalid", broken.path("status").asText());
            assertEquals(
                    "url: missing; set it to the http or https address that takes the POST",
                    broken.path("problems").get(0).asText());
            JsonNode team = channels.get(1);
            assertEquals("webhook", team.path("type").asText());
            assertTrue(List.of("active", "quiet").contains(team.path("status").asText()), team.toString());
            assertEquals("[\"failed\",\"stale\"]", team.path("events").toString());
            assertEquals("[\"*\"]", team.path("experiments").toString());
            assertEquals("22:00-07:00", team.path("quiet_hours").asText());
            assertEquals("https://lab.example.org", team.path("public_url").asText());
            assertEquals(1.0, team.path("group_seconds").asDouble());
            assertTrue(team.path("last_sent").isNull());
            assertEquals(0, team.path("pending").asInt());

            Reply again = ChannelsApi.answer(ApiRequest.get(ChannelsApi.PATH).withIfNoneMatch(reply.etag()), engine);
            assertEquals(304, again.status());
        }
    }

    @Test
    void withoutTheNotifyFeatureItSaysHowToGetIt() throws Exception {
        Reply reply = ChannelsApi.answer(ApiRequest.get(ChannelsApi.PATH), null);
        assertEquals(503, reply.status());
        assertEquals(
                "notifications are not installed here; install them with: feature:install labwatch-notify",
                Json.MAPPER.readTree(reply.body()).path("error").asText());
        assertEquals(
                404,
                ChannelsApi.answer(ApiRequest.get("/api/notify/other"), null).status());
    }
}

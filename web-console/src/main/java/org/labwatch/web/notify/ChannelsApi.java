package org.labwatch.web.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.labwatch.internal.time.IsoTimes;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.NotificationChannels;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/**
 * {@code GET /api/notify/channels}: {@code {"channels": [{"name", "type", "file", "status",
 * "problems", "events", "experiments", "quiet_hours", "min_duration_seconds", "group_seconds",
 * "public_url", "last_sent", "last_attempt", "last_outcome", "sent", "refused", "failures",
 * "pending", "next_attempt"}]}}, sorted by name, times ISO-8601 with offset or null. A server without
 * notifications answers 503 saying which feature brings them.
 */
public final class ChannelsApi {

    public static final String PATH = "/api/notify/channels";

    private ChannelsApi() {}

    /** @param channels the bound service, or null when the notify feature is not installed */
    public static Reply answer(ApiRequest request, NotificationChannels channels) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.error(405, request.method() + " is not supported here").header("Allow", "GET, HEAD");
        }
        if (!request.rawPath().equals(PATH)) {
            return Reply.error(404, "no such notify resource; the channels are at " + PATH);
        }
        if (channels == null) {
            return Reply.error(
                    503, "notifications are not installed here; install them with: feature:install labwatch-notify");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode all = body.putArray("channels");
        for (ChannelState c : channels.channels()) {
            all.add(channel(c));
        }
        try {
            return Reply.json(Json.MAPPER.writeValueAsBytes(body)).conditional(request.ifNoneMatch());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always serialisable", e);
        }
    }

    private static ObjectNode channel(ChannelState c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", c.name());
        o.put("type", c.type());
        o.put("file", c.file());
        o.put("status", c.status());
        strings(o.putArray("problems"), c.problems());
        strings(o.putArray("events"), c.events());
        strings(o.putArray("experiments"), c.experiments());
        o.put("quiet_hours", c.quietHours());
        o.put("min_duration_seconds", c.minDurationSeconds());
        o.put("group_seconds", c.groupSeconds());
        o.put("public_url", c.publicUrl());
        o.put("last_sent", time(c.lastSent()));
        o.put("last_attempt", time(c.lastAttempt()));
        o.put("last_outcome", c.lastOutcome());
        o.put("sent", c.sent());
        o.put("refused", c.refused());
        o.put("failures", c.failures());
        o.put("pending", c.pending());
        o.put("next_attempt", time(c.nextAttempt()));
        return o;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static String time(Instant t) {
        return t == null ? null : IsoTimes.iso(t);
    }
}

package org.labwatch.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.labwatch.spi.Notification;

/**
 * What a webhook receives: for one event the object
 * {@code {"event","experiment","id","state","message","host","time","url","count","duration_seconds"}}
 * ({@code "test": true} added for {@code labwatch:notify-test}); for a grouped notification (many
 * runs ending together, a run's burst of errors with its end) a JSON array of those objects, oldest
 * first, in the same one POST, so the receiver takes or refuses the group as a whole and nothing is
 * half-sent or sent twice on a retry. A receiver tells them apart by the first character.
 */
final class WebhookBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookBody() {}

    static byte[] of(Notification n) {
        try {
            if (n.items().size() == 1) {
                return MAPPER.writeValueAsBytes(item(n.items().get(0), n.test()));
            }
            ArrayNode all = MAPPER.createArrayNode();
            n.items().forEach(i -> all.add(item(i, n.test())));
            return MAPPER.writeValueAsBytes(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always serialisable", e);
        }
    }

    private static ObjectNode item(Notification.Item i, boolean test) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("event", i.event());
        o.put("experiment", i.experiment());
        o.put("id", i.id());
        o.put("state", i.state());
        o.put("message", i.message());
        o.put("host", i.host());
        o.put("time", i.time() == null ? null : i.time().toString());
        o.put("url", i.url());
        o.put("count", i.count());
        if (i.ran() == null) {
            o.putNull("duration_seconds");
        } else {
            o.put("duration_seconds", i.ran().toSeconds());
        }
        if (test) {
            o.put("test", true);
        }
        return o;
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of the body's exact bytes, keyed with the secret's UTF-8. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }
}

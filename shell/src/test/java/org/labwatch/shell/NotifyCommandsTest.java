package org.labwatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.notify.NotifyEngine;
import org.labwatch.status.JsonStatusStore;

/** labwatch:notify-list and notify-test over the real notification engine and a webhook on a real port. */
class NotifyCommandsTest {

    @TempDir
    Path data;

    private StatusIndex index;
    private NotifyEngine engine;
    private HttpServer receiver;
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", x -> {
            posts.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        index = StatusIndex.of(new JsonStatusStore(), data, List.of());
        engine = NotifyEngine.of(index, data.resolve("notify"));
        engine.configure(
                "lab-chat",
                Map.of(
                        "type", "webhook",
                        "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "events", "failed, stale",
                        "experiments", "cal*",
                        "quietHours", "22:00-07:00",
                        "secret", "never shown"));
        engine.configure("broken", Map.of("type", "webhook", "url", "htp://nowhere"));
    }

    @AfterEach
    void stop() {
        engine.close();
        index.close();
        receiver.stop(0);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEachChannelWithItsRulesAndProblemsButNoSecret() {
        NotifyListCommand list = new NotifyListCommand();
        list.channels = engine;
        list.out = out;
        list.execute();
        String table = output();
        assertTrue(table.contains("lab-chat"), table);
        assertTrue(table.contains("failed, stale; cal*; quiet 22:00-07:00"), table);
        assertTrue(table.contains("broken"), table);
        assertTrue(table.contains("invalid"), table);
        assertTrue(
                table.contains(
                        "broken (configuration org.labwatch.notify~broken): url: 'htp://nowhere' is not an http or https address"),
                table);
        assertFalse(table.contains("never shown"), table);
    }

    @Test
    void testSendsThroughTheChannelAndSaysWhatCameOfIt() {
        NotifyTestCommand test = new NotifyTestCommand();
        test.channels = engine;
        test.out = out;
        test.name = "lab-chat";
        test.execute();
        assertEquals("lab-chat: sent (HTTP 204)\n", output());
        assertEquals(1, posts.size());
        assertTrue(posts.get(0).contains("\"event\":\"test\""), posts.get(0));

        test.name = "broken";
        IllegalStateException refused = assertThrows(IllegalStateException.class, test::execute);
        assertEquals(
                "broken: not sent: the channel is not used until its settings are fixed: url: 'htp://nowhere' is not an"
                        + " http or https address",
                refused.getMessage());
        test.name = "nope";
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, test::execute);
        assertEquals("no notify channel 'nope'; configured: broken, lab-chat", unknown.getMessage());
    }

    @Test
    void withoutTheEngineTheCommandsSayWhichFeatureBringsIt() {
        NotifyListCommand list = new NotifyListCommand();
        IllegalStateException e = assertThrows(IllegalStateException.class, list::execute);
        assertEquals(
                "labwatch:notify-list needs the notification engine (org.labwatch.notify), which is not running here;"
                        + " install it with: feature:install labwatch-notify",
                e.getMessage());
    }
}

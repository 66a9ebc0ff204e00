package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;

/** The ntfy type against a real HTTP receiver: ntfy's headers and the text body. */
class NtfyNotifierTest {

    HttpReceiver receiver;
    final NtfyNotifier ntfy = new NtfyNotifier();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aFailedRunIsAPushWithTitleTagsPriorityClickAndToken() {
        Delivery d = ntfy.deliver(
                Items.settings(
                        "ntfy",
                        Map.of(
                                "url", receiver.url("/lab-fridge-alerts"),
                                "token", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2",
                                "priority", "high",
                                "tags", "lab, fridge")),
                Items.one(Items.failed()));

        assertEquals(Delivery.sent(), d);
        HttpReceiver.Request r = receiver.only();
        assertEquals("POST", r.method());
        assertEquals("/lab-fridge-alerts", r.path());
        assertEquals("text/plain; charset=utf-8", r.headers().get("content-type"));
        assertEquals("calibration failed", r.headers().get("title"));
        assertEquals("rotating_light,lab,fridge", r.headers().get("tags"));
        assertEquals("4", r.headers().get("priority"));
        assertEquals(
                "https://lab.example.org/experiments/calibration/20260314_130000",
                r.headers().get("click"));
        assertEquals("Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2", r.headers().get("authorization"));
        assertEquals(
                "run 20260314_130000 on fridge-pc · state failed · ran 2 h 5 min · 2026-03-14 15:09:26 +01:00\n\n"
                        + Items.TRACE,
                r.body());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "min,1", "low,2", "default,3", "3,3", "HIGH,4", "urgent,5", "max,5", "5,5"})
    void priorityByNumberOrName(String setting, String header) {
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"), "priority", setting)),
                Items.one(Items.failed()));
        assertEquals(header, receiver.only().headers().get("priority"));
    }

    @Test
    void withoutPriorityTokenOrLinkThoseHeadersAreLeftOut() {
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"))),
                Items.one(Items.item("completed", "sweep", "9", null, null)));
        Map<String, String> headers = receiver.only().headers();
        assertNull(headers.get("priority"));
        assertNull(headers.get("authorization"));
        assertNull(headers.get("click"));
        assertEquals("white_check_mark", headers.get("tags"));
        assertEquals(
                "run 9 on fridge-pc · state completed · ran 3 min 20 s · 2026-03-14 15:09:26 +01:00",
                receiver.only().body());
    }

    @Test
    void theTokenCanComeFromAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("ntfy-token"), "tk_fromfile123\n");
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"), "tokenFile", file.toString())),
                Items.one(Items.failed()));
        assertEquals("Bearer tk_fromfile123", receiver.only().headers().get("authorization"));
    }

    @Test
    void aTitleBeyondAsciiIsAnEncodedWordAndLineBreaksCannotEndTheHeader() {
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"))),
                Items.one(Items.item("stale", "Kühlung\r\nX-Injected: 1", "1", null, null)));
        String title = receiver.only().headers().get("title");
        assertTrue(title.startsWith("=?UTF-8?B?") && title.endsWith("?="), title);
        String decoded =
                new String(Base64.getDecoder().decode(title.substring(10, title.length() - 2)), StandardCharsets.UTF_8);
        assertEquals("Kühlung X-Injected: 1 stopped reporting", decoded);
        assertNull(receiver.only().headers().get("x-injected"));
    }

    @Test
    void severalRunsAreOnePushListingThem() {
        ntfy.deliver(Items.settings("ntfy", Map.of("url", receiver.url("/t"))), Items.failures(22));
        HttpReceiver.Request r = receiver.only();
        assertEquals(
                "22 runs failed: run-1, run-2, run-3 and 19 more", r.headers().get("title"));
        assertNull(r.headers().get("click"), "one link only for one run");
        List<String> lines = r.body().lines().toList();
        assertEquals(21, lines.size());
        assertEquals("• run-1 failed, run id1 on fridge-pc: boom 1", lines.get(0));
        assertEquals("and 2 more", lines.get(20));
    }

    @Test
    void aTestPushSaysSoAndIsTagged() {
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"))),
                new Notification(List.of(Items.failed()), true));
        HttpReceiver.Request r = receiver.only();
        assertEquals("Test: calibration failed", r.headers().get("title"));
        assertEquals("test_tube,rotating_light", r.headers().get("tags"));
        assertTrue(r.body().startsWith(Wording.TEST_NOTE + "\n"), r.body());
    }

    @Test
    void aLongTraceIsCutBelowNtfysAttachmentLimit() {
        String trace = "java.lang.Error: deep\n" + "\tat a.b.C.d(C.java:1)\n".repeat(1000);
        ntfy.deliver(
                Items.settings("ntfy", Map.of("url", receiver.url("/t"))),
                Items.one(Items.item("failed", "deep", "1", trace, null)));
        String body = receiver.only().body();
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= 4096, "" + body.length());
        assertTrue(body.contains("more characters)"), body);
        assertFalse(body.isEmpty());
    }
}

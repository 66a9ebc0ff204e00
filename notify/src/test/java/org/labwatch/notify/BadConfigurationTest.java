package org.labwatch.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.RunState;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.Notifier;

/**
 * Bad cfg files: each gets one clear message naming the file and the setting, its channel sends
 * nothing, and every other channel goes on as if it were not there.
 */
class BadConfigurationTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Lab lab;
    private NotifyEngine engine;

    @BeforeEach
    void start() throws Exception {
        lab = new Lab(dir);
        engine = lab.engine();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private ChannelState open(String name, String... lines) {
        engine.open(Lab.spec(name, lines));
        return lab.state(engine, name);
    }

    private String loggedAbout(String name) {
        List<String> lines = lab.logged().stream()
                .filter(l -> l.contains("etc/org.labwatch.notify-" + name + ".cfg"))
                .toList();
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    @Test
    void eachBadSettingIsNamedWithItsFileAndTheOtherChannelsWork() {
        lab.hook(engine, "good");
        assertEquals(
                List.of("url: 'htp://lab/hook' is not an http or https address"),
                open("badurl", "type = webhook", "url = htp://lab/hook").problems());
        assertTrue(loggedAbout("badurl").contains("url: 'htp://lab/hook' is not an http or https address"));

        assertEquals(
                List.of("url: missing; set it to the http or https address that takes the POST"),
                open("nourl", "type = webhook").problems());
        assertEquals(
                List.of("type: missing; set it to webhook or another installed channel type"),
                open("notype", "url = " + lab.receiver.url()).problems());
        assertEquals(
                List.of("events: 'completd' is not an event; use any of completed, failed, interrupted, stale,"
                        + " recovered, error"),
                open("badevent", "type = webhook", "url = " + lab.receiver.url(), "events = completd, failed")
                        .problems());
        assertEquals(
                List.of("quietHours: '25:00-07:00' has no such time of day as 25:00"),
                open("badquiet", "type = webhook", "url = " + lab.receiver.url(), "quietHours = 25:00-07:00")
                        .problems());
        assertEquals(
                List.of("timeoutSeconds: 'soon' is not a whole number of seconds from 1 to 300"),
                open("badtimeout", "type = webhook", "url = " + lab.receiver.url(), "timeoutSeconds = soon")
                        .problems());
        ChannelState notANumber =
                open("badnumber", "type = webhook", "url = " + lab.receiver.url(), "minDurationSeconds = 5 min");
        assertEquals(1, notANumber.problems().size(), notANumber.problems().toString());
        assertTrue(
                notANumber.problems().get(0).startsWith("minDurationSeconds: "),
                notANumber.problems().toString());
        assertTrue(loggedAbout("badnumber").contains("minDurationSeconds"));
        assertEquals(
                List.of("the channel's name 'a b' may have only letters, digits, '.', '_' and '-' (it names its outbox"
                        + " directory)"),
                open("a b", "type = webhook", "url = " + lab.receiver.url()).problems());

        for (ChannelState s : engine.channels()) {
            assertEquals(s.name().equals("good") ? "active" : "invalid", s.status(), s.name());
        }

        lab.write("run", b -> b);
        lab.write("run", lab.ended(RunState.COMPLETED, "fine"));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 1);
        // Settings its notifier finds wrong: it keeps what happens, to send once they are fixed.
        // Rules it cannot read: it cannot know what to keep, so it keeps nothing.
        for (ChannelState s : engine.channels()) {
            boolean keeps = List.of("badurl", "nourl", "badtimeout").contains(s.name());
            assertEquals(keeps ? 1 : 0, s.pending(), s.name());
        }
    }

    @Test
    void anUnknownTypeWaitsForItsNotifierAndThenSends() {
        lab.write("run", b -> b);
        ChannelState waiting = open("lab", "type = pager", "url = " + lab.receiver.url());
        assertEquals("waiting", waiting.status());
        assertEquals(List.of(), waiting.problems());
        lab.write("run", lab.ended(RunState.FAILED, "boom"));
        await().atMost(SOON).until(() -> lab.state(engine, "lab").pending() == 1);

        // A lab's bundle brings the type later: the waiting channel sends what it kept.
        engine.bindNotifier(new WebhookNotifier(), java.util.Map.of(Notifier.TYPE, "pager", "service.id", 7L));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        assertEquals(List.of("failed run"), lab.receiver.eventLines());
        assertEquals("active", lab.state(engine, "lab").status());
    }

    @Test
    void aBadChangeKeepsTheSettingsInUse() {
        Channel hook = lab.hook(engine, "hook", "events = failed");
        engine.update(hook, Lab.spec("hook", "type = webhook", "url = " + lab.receiver.url(), "events = faild"));
        assertTrue(lab.logged().stream()
                .anyMatch(l -> l.contains("etc/org.labwatch.notify-hook.cfg) keeps its previous settings")
                        && l.contains("events: 'faild' is not an event")));
        assertEquals(List.of("failed"), lab.state(engine, "hook").events());
        lab.write("run", b -> b);
        lab.write("run", lab.ended(RunState.FAILED, "still told"));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
    }

    @Test
    void aSettingsCheckThatFailsLaterStopsSendingButKeepsWhatComes() {
        Channel hook = lab.hook(engine, "hook");
        engine.update(hook, Lab.spec("hook", "type = webhook", "url = ftp://lab/hook"));
        assertEquals("invalid", lab.state(engine, "hook").status());
        lab.write("run", b -> b);
        lab.write("run", lab.ended(RunState.COMPLETED, "kept"));
        await().atMost(SOON).until(() -> lab.state(engine, "hook").pending() == 1);
        engine.update(hook, Lab.spec("hook", "type = webhook", "url = " + lab.receiver.url()));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
    }

    @Test
    void aSecretShowsNowhere() {
        ChannelSpec spec = Lab.spec("signed", "type = webhook", "url = htp://wrong", "secret = s3cret-value");
        engine.open(spec);
        assertTrue(
                spec.settings().toString().contains("secret"), spec.settings().toString());
        assertFalse(
                spec.settings().toString().contains("s3cret-value"),
                spec.settings().toString());
        assertFalse(lab.state(engine, "signed").toString().contains("s3cret-value"));
        assertTrue(
                lab.logged().stream().noneMatch(l -> l.contains("s3cret-value")),
                lab.logged().toString());
    }
}

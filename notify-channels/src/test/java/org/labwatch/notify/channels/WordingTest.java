package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notification.Item;

/** The words all channel types share. */
class WordingTest {

    @Test
    void eachEventHasItsVerb() {
        assertEquals(
                "calibration completed", Wording.headline(Items.item("completed", "calibration", "1", null, null)));
        assertEquals("calibration failed", Wording.headline(Items.item("failed", "calibration", "1", null, null)));
        assertEquals(
                "calibration was interrupted",
                Wording.headline(Items.item("interrupted", "calibration", "1", null, null)));
        assertEquals(
                "calibration stopped reporting", Wording.headline(Items.item("stale", "calibration", "1", null, null)));
        assertEquals(
                "calibration is reporting again",
                Wording.headline(Items.item("recovered", "calibration", "1", null, null)));
        assertEquals(
                "calibration logged an error", Wording.headline(Items.item("error", "calibration", "1", null, null)));
        Item errors = new Item("error", "calibration", "1", "running", "boom", null, null, null, 12, null);
        assertEquals("calibration logged 12 errors", Wording.headline(errors));
        assertEquals("calibration paused", Wording.headline(Items.item("paused", "calibration", "1", null, null)));
    }

    @Test
    void groupedTitlesCountAndNameTheExperiments() {
        assertEquals("3 runs failed: run-1, run-2, run-3", Wording.title(Items.failures(3)));
        assertEquals("4 runs failed: run-1, run-2, run-3 and 1 more", Wording.title(Items.failures(4)));
        Notification mixed = new Notification(
                List.of(
                        Items.item("failed", "a", "1", null, null),
                        Items.item("stale", "b", "2", null, null),
                        Items.item("failed", "a", "3", null, null),
                        Items.item("error", "c", "4", null, null)),
                false);
        assertEquals("4 runs: 2 failed, 1 stale, 1 with errors (a, b, c)", Wording.title(mixed));
        Notification oneRun = new Notification(
                List.of(Items.item("error", "a", "1", null, null), Items.item("failed", "a", "1", null, null)), true);
        assertEquals("Test: 2 events: 1 with errors, 1 failed (a)", Wording.title(oneRun));
    }

    @Test
    void durations() {
        assertEquals("45 s", Wording.duration(Duration.ofSeconds(45)));
        assertEquals("3 min 20 s", Wording.duration(Duration.ofSeconds(200)));
        assertEquals("5 min", Wording.duration(Duration.ofMinutes(5)));
        assertEquals("2 h 5 min", Wording.duration(Duration.ofMinutes(125)));
        assertEquals("2 h", Wording.duration(Duration.ofHours(2).plusSeconds(30)));
        assertEquals("1 d 3 h", Wording.duration(Duration.ofHours(27).plusMinutes(59)));
        assertEquals(null, Wording.duration(null));
    }

    @Test
    void clippingNeverSplitsACharacter() {
        assertEquals("ab…", Wording.clip("ab\uD83D\uDE00cd", 4));
        assertEquals("abc…", Wording.clip("abcdef", 4));
        assertEquals("abcd", Wording.clip("abcd", 4));
        assertEquals("abc\n… (3 more characters)", Wording.clipMessage("abcdef", 3));
    }
}

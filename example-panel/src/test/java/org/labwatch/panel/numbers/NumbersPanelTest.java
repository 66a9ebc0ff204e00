package org.labwatch.panel.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;

class NumbersPanelTest {

    private final NumbersPanel panel = new NumbersPanel();

    @Test
    void fitResultsBecomeOneRowPerNameWithLatestCountAndRange() {
        StatusReading run = run(
                "Starting T1 measurement",
                "Fit: T1 = 45.2 us, T2* = 30.1 us",
                "fidelity: 0.987",
                "Fit: T1 = 47.8 us",
                "step 3 of 10 done",
                "readout power = -12.5 dBm");
        List<NumbersPanel.Row> rows = NumbersPanel.rows(run.status().messages());
        assertEquals(
                List.of("T1", "T2*", "fidelity", "readout power"),
                rows.stream().map(NumbersPanel.Row::name).toList());
        NumbersPanel.Row t1 = rows.get(0);
        assertEquals(47.8, t1.latest());
        assertEquals(45.2, t1.min());
        assertEquals(47.8, t1.max());
        assertEquals(2, t1.count());
        assertEquals("us", t1.unit());
        assertEquals("dBm", rows.get(3).unit());
        assertEquals(-12.5, rows.get(3).latest());

        assertTrue(panel.appliesTo(run));
        PanelContent c = panel.content(run);
        assertEquals(PanelContent.Kind.HTML, c.kind());
        assertTrue(
                c.body().contains("<tr><td>T1</td><td class=\"num\">47.8</td><td>us</td><td class=\"num\">2</td>"),
                c.body());
    }

    @Test
    void whatComesFromMessagesIsEscaped() {
        StatusReading run = run("T1 = 5 us <script>alert(1)</script>", "x<img src=y onerror=alert(1)> = 3");
        String body = panel.content(run).body();
        assertFalse(body.contains("<script") || body.contains("<img"), body);
        assertTrue(body.contains("<td>T1</td>"), body);
    }

    @Test
    void countsClockTimesAndVersionsAreNotValues() {
        StatusReading run = run(
                "Resonator Spectroscopy: 20/60 points",
                "started at: 12:30",
                "firmware: 1.2.3",
                "Resonator Spectroscopy completed: resonator frequency = 7.123 GHz");
        List<NumbersPanel.Row> rows = NumbersPanel.rows(run.status().messages());
        assertEquals(
                List.of("resonator frequency"),
                rows.stream().map(NumbersPanel.Row::name).toList());
        assertEquals("GHz", rows.get(0).unit());
    }

    @Test
    void aWordAfterABareNumberIsNotTakenForItsUnit() {
        StatusReading run =
                run("fidelity: 0.987 for q0", "T1 = 45.2 us at 20 mK", "gain = 3 after fit", "drift: 1.5 %");
        List<NumbersPanel.Row> rows = NumbersPanel.rows(run.status().messages());
        assertEquals(
                List.of("fidelity", "T1", "gain", "drift"),
                rows.stream().map(NumbersPanel.Row::name).toList());
        assertEquals(
                List.of("", "us", "", "%"),
                rows.stream().map(NumbersPanel.Row::unit).toList());
    }

    @Test
    void aMessageWithoutTextAsAHandWrittenFileMayHaveIsSkipped() {
        OffsetDateTime t = OffsetDateTime.parse("2025-01-01T10:00:00Z");
        List<MessageRecord> records = java.util.Arrays.asList(
                new MessageRecord(t, Level.INFO, null), new MessageRecord(t, Level.INFO, "T1 = 45.2 us"));
        ExperimentStatus s =
                ExperimentStatus.builder("calibration").messages(records).build();
        StatusReading run =
                new StatusReading(Path.of("calibration_status.json"), "calibration", s, null, Instant.now(), 100);
        assertTrue(panel.appliesTo(run));
        assertEquals(
                List.of("T1"),
                NumbersPanel.rows(s.messages()).stream()
                        .map(NumbersPanel.Row::name)
                        .toList());
    }

    @Test
    void aRunWithoutNumbersOrUnreadableHasNoPanel() {
        assertFalse(panel.appliesTo(run("Starting", "All good")));
        assertFalse(panel.appliesTo(
                StatusReading.unreadable(Path.of("x_status.json"), "x", "truncated JSON", Instant.now(), 3)));
    }

    private static StatusReading run(String... messages) {
        OffsetDateTime t = OffsetDateTime.parse("2025-01-01T10:00:00Z");
        List<MessageRecord> records = java.util.Arrays.stream(messages)
                .map(m -> new MessageRecord(t, Level.INFO, m))
                .toList();
        ExperimentStatus s = ExperimentStatus.builder("calibration")
                .startTime(t)
                .lastUpdate(t)
                .messages(records)
                .build();
        return new StatusReading(Path.of("calibration_status.json"), "calibration", s, null, Instant.now(), 100);
    }
}

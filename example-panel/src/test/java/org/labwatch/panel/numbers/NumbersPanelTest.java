package org.labwatch.panel.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;

/** The panel as the dashboard calls it: a status with messages in, JSON for its script out. */
class NumbersPanelTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private final NumbersPanel panel = new NumbersPanel();

    @Test
    void theLatestValueOfEachNameWithItsUnitInOrderOfFirstMention() throws IOException {
        Map<String, List<String>> rows = rows(
                "Starting resonator spectroscopy...",
                "T1 = 45.2 us",
                "fidelity: 0.987",
                "readout: f=5.1GHz, Q = 12000, power: -30 dBm",
                "T1 = 47.0 us",
                "drift: 1.5e-3 %");
        assertEquals(List.of("T1", "fidelity", "f", "Q", "power", "drift"), List.copyOf(rows.keySet()));
        assertEquals(List.of("47.0", "us", "2025-01-01T12:04Z"), rows.get("T1"));
        assertEquals(List.of("0.987", "null", "2025-01-01T12:02Z"), rows.get("fidelity"));
        assertEquals(List.of("5.1", "GHz"), rows.get("f").subList(0, 2));
        assertEquals(List.of("12000", "null"), rows.get("Q").subList(0, 2));
        assertEquals(List.of("-30", "dBm"), rows.get("power").subList(0, 2));
        assertEquals(List.of("1.5e-3", "%"), rows.get("drift").subList(0, 2));
    }

    @Test
    void namesOfSeveralWordsAfterAPhraseAsTheDemoWritesThem() throws IOException {
        Map<String, List<String>> rows = rows(
                "Resonator Spectroscopy: 60/60 points",
                "Resonator Spectroscopy completed: readout frequency = 750.3 MHz",
                "Pulse Probe GE completed: qubit frequency = 4749 MHz",
                "Single Shot completed: optimal phase = -0.01695 rad",
                "Rabi Amplitude EF completed: pi-pulse gain = 1.322e+04 DAC");
        assertEquals(List.of("readout frequency", "qubit frequency", "optimal phase", "pi-pulse gain"), List.copyOf(rows.keySet()));
        assertEquals(List.of("750.3", "MHz"), rows.get("readout frequency").subList(0, 2));
        assertEquals(List.of("4749", "MHz"), rows.get("qubit frequency").subList(0, 2));
        assertEquals(List.of("-0.01695", "rad"), rows.get("optimal phase").subList(0, 2));
        assertEquals(List.of("1.322e+04", "null"), rows.get("pi-pulse gain").subList(0, 2));
    }

    @Test
    void versionsClockTimesAddressesAndPlainCountsAreNotValues() throws IOException {
        Map<String, List<String>> rows = rows(
                "Running step 3 of 10",
                "version: 1.2.3",
                "started at: 12:30:45",
                "host=10.0.0.7",
                "see http://lab.example/run/5",
                "fidelity: 0.98 after fit.",
                "gain: 2.");
        assertEquals(List.of("fidelity", "gain"), List.copyOf(rows.keySet()));
        assertEquals(List.of("0.98", "null"), rows.get("fidelity").subList(0, 2), "'after' is no unit");
        assertEquals("2", rows.get("gain").get(0), "a full stop ends the sentence, not the number");
    }

    @Test
    void aRunWithoutNumbersGivesAnEmptyListAndAnUnreadableFileNoPanel() throws IOException {
        assertTrue(rows("All experiments completed successfully!").isEmpty());
        StatusReading unreadable = StatusReading.unreadable(Path.of("x_status.json"), "x", "truncated", Instant.EPOCH, 3);
        assertFalse(panel.appliesTo(unreadable));
    }

    @Test
    void rowsStopAtTheLimitButKnownNamesStillUpdate() throws IOException {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < NumbersPanel.MAX_ROWS + 20; i++) {
            messages.add("q" + i + " = " + i);
        }
        messages.add("q0 = 99");
        Map<String, List<String>> rows = rows(messages.toArray(String[]::new));
        assertEquals(NumbersPanel.MAX_ROWS, rows.size());
        assertEquals("99", rows.get("q0").get(0));
    }

    @Test
    void quotingKeepsAnyTextValidJson() throws IOException {
        String nasty = "a\"b\\c\nd\u0001</script>";
        assertEquals(nasty, new ObjectMapper().readTree(NumbersPanel.quote(nasty)).asText());
        assertEquals("null", NumbersPanel.quote(null));
    }

    @Test
    void itsScriptIsInTheBundleAndRegistersUnderThePanelsId() throws IOException {
        assertEquals("numbers", panel.id());
        assertNotNull(panel.script(), "numbers.js next to NumbersPanel.class");
        try (InputStream in = panel.script().openStream()) {
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(js.contains("window.labwatch.panels.register('numbers',"), js);
            assertFalse(js.contains("innerHTML"), "text only, never markup");
        }
    }

    /** name → [value, unit, time] as the panel's JSON says, "null" for a JSON null. */
    private Map<String, List<String>> rows(String... messages) throws IOException {
        List<MessageRecord> records = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            records.add(new MessageRecord(T0.plusMinutes(i), Level.INFO, messages[i]));
        }
        ExperimentStatus status = ExperimentStatus.builder("calibration").messages(records).build();
        StatusReading reading = new StatusReading(Path.of("calibration_status.json"), "calibration", status, null,
                Instant.EPOCH, 100);
        assertTrue(panel.appliesTo(reading));
        PanelContent content = panel.content(reading);
        assertEquals(PanelContent.Kind.JSON, content.kind());
        JsonNode values = new ObjectMapper().readTree(content.body()).get("values");
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.forEach(v -> out.put(v.get("name").asText(),
                List.of(v.get("value").asText(), v.get("unit").asText(), v.get("time").asText())));
        return out;
    }
}

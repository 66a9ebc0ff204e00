package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.api.Workflow;

class WorkflowTest {

    @TempDir
    Path expt;

    @Test
    void enabledSkippedAndFailingStepsWithContinueOnError() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "wf");
            Workflow wf = m.workflow(List.of("Resonator Spectroscopy", "Single Shot", "T1", "T2"))
                    .continueOnError(true);
            Optional<Double> freq = wf.step("Resonator Spectroscopy", true, () -> 750.2);
            assertEquals(Optional.of(750.2), freq);
            wf.step("Single Shot", false, () -> {
                throw new AssertionError("a skipped step must not run");
            });
            Optional<Object> failed = wf.step("T1", true, () -> {
                throw new IOException("instrument timeout");
            });
            assertEquals(Optional.empty(), failed);
            wf.step("T2", true, () -> m.log("T2 measured"));
            m.complete("done");
            m.close();

            String log = Files2.text(Files2.onlyLog(expt));
            assertTrue(
                    log.contains(" - INFO - Step 1/4: Resonator Spectroscopy - Starting Resonator Spectroscopy..."),
                    log);
            assertTrue(log.contains(" - INFO - Skipping Single Shot (not enabled)"), log);
            assertTrue(log.contains(" - ERROR - T1 failed after "), log);
            assertTrue(log.contains("    java.io.IOException: instrument timeout"), log);
            assertTrue(log.contains(" - INFO - T2 measured"), log);

            JsonNode s = Files2.status(expt, "wf");
            assertEquals("completed", s.get("status").asText());
            assertEquals(1, s.get("error_count").asInt());
            assertTrue(s.get("errors").get(0).get("traceback").asText().contains("instrument timeout"));
            int withDuration = 0;
            for (JsonNode step : s.get("steps")) {
                if (step.has("duration_s")) {
                    withDuration++;
                    assertTrue(step.get("duration_s").asDouble() >= 0);
                }
            }
            assertEquals(3, withDuration, "resonator, T1 (failed) and T2 have durations: " + s.get("steps"));
        }
    }

    @Test
    void failingStepIsRecordedAndRethrownByDefault() {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "wf2");
            Workflow wf = m.workflow(List.of("A", "B"));
            IllegalStateException boom = new IllegalStateException("pulse generator offline");
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> wf.step("A", true, () -> {
                        throw boom;
                    }));
            assertSame(boom, thrown);
            m.fail("calibration aborted", thrown);
            m.close();
            JsonNode s = Files2.status(expt, "wf2");
            assertEquals("failed", s.get("status").asText());
            assertEquals(2, s.get("error_count").asInt());
        }
    }

    @Test
    void unknownStepNamesAndEmptyWorkflowsAreWrongArguments() {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "wf3");
            Workflow wf = m.workflow(List.of("A"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> wf.step("Z", true, () -> 1))
                    .getMessage()
                    .contains("'Z' is not a step"));
            assertThrows(IllegalArgumentException.class, () -> m.workflow(List.of()));
            m.close();
        }
    }
}

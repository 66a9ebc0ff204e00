package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;
import org.labwatch.status.JsonStatusStore;

/**
 * The watched index and the events it shares keep a long run's list view, not its 200 messages
 * (48 KiB of heap per run); its rows are the same, and a look-up of one run reads the whole status.
 */
class ListViewIndexTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 11, 28, 9, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path data;

    private static ExperimentStatus longRun() {
        List<MessageRecord> messages = new ArrayList<>();
        List<ErrorRecord> errors = new ArrayList<>();
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            messages.add(new MessageRecord(START.plusSeconds(i), Level.INFO, "message " + i));
            errors.add(new ErrorRecord(START.plusSeconds(i), "error " + i, null));
        }
        for (int i = 1; i <= 100; i++) {
            steps.add(new StepRecord("step " + i, i, START.plusSeconds(i), null, null));
        }
        return ExperimentStatus.builder("long")
                .startTime(START)
                .lastUpdate(START.plusSeconds(300))
                .heartbeat(START.plusSeconds(300))
                .status(RunState.RUNNING)
                .currentStep(40)
                .totalSteps(100)
                .progressPercent(40)
                .messages(messages)
                .errors(errors)
                .steps(steps)
                .messageCount(200)
                .errorCount(200)
                .plots(List.of(new PlotRecord("loss", "loss.png", START.plusSeconds(60), "image/png", 10)))
                .host("lab-3")
                .pid(7L)
                .build();
    }

    @Test
    void theIndexKeepsListViewsWithTheSameRowsAndThePageReadsTheWholeStatus() throws Exception {
        Path dir = Files.createDirectories(data.resolve("monitoring/status"));
        JsonStatusStore store = new JsonStatusStore();
        store.write(dir.resolve("long_status.json"), longRun());
        StatusIndex index = StatusIndex.of(store, Map.of("dataDir", data.toString()));
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = index.watch(events::add)) {
            StatusEvent added = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(added, "no event within 10 s");
            assertTrue(added.reading().status().messages().isEmpty(), "the event hub is given the list view");

            StatusReading listed = index.experiments().get(0);
            assertEquals(0, listed.status().messages().size(), "messages kept in the index");
            assertEquals(0, listed.status().errors().size(), "errors kept in the index");
            assertEquals(
                    List.of("step 40"),
                    listed.status().steps().stream()
                            .map(StepRecord::name)
                            .toList()
                            .subList(0, 1));

            StatusReading whole = index.experiment("long").orElseThrow();
            assertEquals(200, whole.status().messages().size());
            for (Instant now : List.of(
                    START.plusSeconds(301).toInstant(), START.plusSeconds(3600).toInstant())) {
                assertEquals(
                        index.summary(whole, now),
                        SummaryOf.of(listed, Staleness.DEFAULT, now),
                        "a row from the list view is the row from the whole status");
            }

        } finally {
            index.close();
        }
    }
}

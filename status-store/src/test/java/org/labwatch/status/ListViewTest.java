package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;

/**
 * Lists and watch events keep what a list row needs, not a long run's 200 messages, 500 errors
 * and 100 steps (48 KiB of heap per run, 511 MiB for 10,000); the whole status is read on demand.
 */
class ListViewTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 11, 28, 9, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final StatusStore store =
            new JsonStatusStore(Configs.of(JsonStatusStore.Config.class, Map.of("rescanIntervalMs", 200L)));

    static ExperimentStatus longRun(String lastMessage) {
        List<MessageRecord> messages = new ArrayList<>();
        for (int i = 0; i < 199; i++) {
            messages.add(new MessageRecord(START.plusSeconds(i), Level.INFO, "message " + i));
        }
        messages.add(new MessageRecord(START.plusSeconds(199), Level.INFO, lastMessage));
        List<ErrorRecord> errors = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            errors.add(new ErrorRecord(START.plusSeconds(i), "error " + i, "Traceback line " + i));
        }
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            steps.add(new StepRecord("step " + i, i, START.plusSeconds(i), null, 1.0));
        }
        // the current step (50) is not the latest step record: a list names step 50, the shell the latest
        steps.add(new StepRecord("late note", 100, START.plusSeconds(300), null, null));
        List<PlotRecord> plots = List.of(
                new PlotRecord("loss", "loss_1.png", START.plusSeconds(10), "image/png", 100),
                new PlotRecord("loss", "loss_3.png", START.plusSeconds(30), "image/png", 100),
                new PlotRecord("loss", "loss_2.png", START.plusSeconds(20), "image/png", 100));
        return ExperimentStatus.builder("long")
                .startTime(START)
                .lastUpdate(START.plusSeconds(300))
                .heartbeat(START.plusSeconds(301))
                .status(RunState.RUNNING)
                .currentStep(50)
                .totalSteps(100)
                .progressPercent(50)
                .messages(messages)
                .errors(errors)
                .steps(steps)
                .plots(plots)
                .messageCount(12_345)
                .errorCount(500)
                .message("training")
                .host("lab-3")
                .pid(4242L)
                .logFile("long_20261128_090000.log")
                .build();
    }

    @Test
    void aListedRunHoldsNoMessagesErrorsOrPastStepsAndReadGivesThemAll() throws Exception {
        Path file = dir.resolve("long_status.json");
        ExperimentStatus whole = longRun("message 199");
        store.write(file, whole);

        ExperimentStatus listed = store.list(List.of(dir)).get(0).status();
        assertEquals(0, listed.messages().size(), "messages kept for the list");
        assertEquals(0, listed.errors().size(), "errors kept for the list");
        assertEquals(
                List.of("step 50", "late note"),
                listed.steps().stream().map(StepRecord::name).toList());
        assertEquals(
                List.of("loss_3.png"),
                listed.plots().stream().map(PlotRecord::file).toList());
        assertEquals(
                whole.toBuilder()
                        .messages(List.of())
                        .errors(List.of())
                        .steps(listed.steps())
                        .plots(listed.plots())
                        .build(),
                listed,
                "every other field as written");

        StatusReading read = store.read(file);
        assertEquals(whole, read.status(), "read() still gives the whole status");
        assertEquals(listed, store.list(List.of(dir)).get(0).status(), "listing after a read lists the view");
    }

    @Test
    void aNewMessageTheListDoesNotShowIsStillAChangeATouchIsNot() throws Exception {
        Path file = dir.resolve("long_status.json");
        Path other = dir.resolve("other_status.json");
        store.write(file, longRun("message 199"));
        store.write(other, longRun("message 199"));
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = store.watch(List.of(dir), events::add)) {
            assertEquals(StatusEvent.Kind.ADDED, next(events).kind());
            StatusEvent added = next(events);
            assertEquals(StatusEvent.Kind.ADDED, added.kind());
            assertTrue(added.reading().status().messages().isEmpty(), "events carry the list view");

            store.write(file, longRun("a new last message"));
            StatusEvent changed = next(events);
            assertEquals(StatusEvent.Kind.CHANGED, changed.kind());
            assertEquals("long", changed.reading().id());
            assertEquals(
                    "a new last message",
                    store.read(file).status().messages().get(199).message());

            // Same bytes, new time: not a change. The next event must be the other file's.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            store.write(other, longRun("another message"));
            StatusEvent afterTouch = next(events);
            assertEquals("other", afterTouch.reading().id());
            assertEquals(StatusEvent.Kind.CHANGED, afterTouch.kind());
        }
    }

    private static StatusEvent next(BlockingQueue<StatusEvent> events) throws InterruptedException {
        StatusEvent e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no status event within 10 s");
        return e;
    }
}

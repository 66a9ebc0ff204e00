package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.spi.StatusStore;

class AtomicWriteTest {

    @TempDir
    Path dir;

    private final StatusStore store = new JsonStatusStore();

    @Test
    void aReaderNeverSeesAPartialFileWhile2000WritesReplaceIt() throws Exception {
        Path file = dir.resolve("busy_status.json");
        store.write(file, status(0));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> bad = new AtomicReference<>();
        StatusStore uncached = new JsonStatusStore();
        Thread reader = new Thread(() -> {
            while (!done.get() && bad.get() == null) {
                try {
                    // Raw bytes through a fresh parser each time: no cache can hide a torn file.
                    byte[] bytes = Files.readAllBytes(file);
                    new org.labwatch.internal.status.StatusJsonReader(new com.fasterxml.jackson.databind.ObjectMapper())
                            .read(bytes, "busy", java.time.ZoneId.systemDefault());
                    reads.incrementAndGet();
                } catch (Exception e) {
                    bad.set(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 1; i <= 2000; i++) {
            store.write(file, status(i));
        }
        done.set(true);
        reader.join();
        assertEquals(null, bad.get());
        assertTrue(reads.get() > 0);
        assertEquals(2000, uncached.read(file).status().currentStep());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temp files left behind");
        }
    }

    @Test
    void keepEarlierRunRenamesWithItsStartTimeAndNumbersCollisions() throws Exception {
        Path file = dir.resolve("cal_status.json");
        assertTrue(store.keepEarlierRun(file).isEmpty());
        store.write(file, status(1));
        Path first = store.keepEarlierRun(file).orElseThrow();
        assertEquals("cal_20250102_030405_status.json", first.getFileName().toString());
        store.write(file, status(2));
        Path second = store.keepEarlierRun(file).orElseThrow();
        assertEquals("cal_20250102_030405_2_status.json", second.getFileName().toString());
        assertEquals(2, store.read(second).status().currentStep());
        assertTrue(Files.notExists(file));
    }

    private static ExperimentStatus status(int step) {
        OffsetDateTime t = java.time.LocalDateTime.of(2025, 1, 2, 3, 4, 5)
                .atZone(java.time.ZoneId.systemDefault())
                .toOffsetDateTime();
        List<MessageRecord> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            messages.add(new MessageRecord(t, Level.INFO, "message " + i + " of update " + step));
        }
        return ExperimentStatus.builder("cal")
                .startTime(t)
                .lastUpdate(t)
                .currentStep(step)
                .totalSteps(2000)
                .messages(messages)
                .build();
    }
}

package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log directory watch in both modes of its directory watch, on real directories. */
class LogDirectoryWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private static final class Reports implements LogDirectoryWatch.Listener {
        private final Set<Path> changed = new HashSet<>();

        @Override
        public void existing(Path file) {
        }

        @Override
        public synchronized void changed(Path file) {
            changed.add(file);
            notifyAll();
        }

        synchronized boolean reported(Path file) {
            return changed.contains(file);
        }

        synchronized void await(String what, BooleanSupplier condition) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                long left = end - System.nanoTime();
                assertTrue(left > 0, "not within " + WAIT.toSeconds() + " s: " + what);
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Test
    void onAShareWithoutEventsALineWrittenByAnotherMachineIsFoundByARescan() throws Exception {
        Path logs = Files.createDirectories(data.resolve("monitoring/logs"));
        Path log = Files.writeString(logs.resolve("run_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - started\n");
        // Appended through a hard link elsewhere: no event in the log directory, as for a write by
        // another NFS client; only the rescan every 100 ms can see the file grow.
        Path elsewhere = Files.createLink(Files.createDirectories(data.resolve("other")).resolve("run.log"), log);
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(logs), reports, 100, dir -> "nfs")) {
            Files.writeString(elsewhere, "2025-01-01 12:00:01,000 - INFO - more\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            reports.await("the grown log reported", () -> reports.reported(log));
        }
    }

    @Test
    void aLogDirectoryCreatedAfterTheStartOnALocalDiskIsFollowed() throws Exception {
        Path logs = data.resolve("monitoring/logs");
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(logs), reports, 100, dir -> "ext4")) {
            Files.createDirectories(logs);
            Path first = Files.writeString(logs.resolve("first_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - a\n");
            reports.await("the first log of the new directory", () -> reports.reported(first));
            Path second = Files.writeString(logs.resolve("second_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - b\n");
            reports.await("the second log of the new directory", () -> reports.reported(second));
        }
    }
}

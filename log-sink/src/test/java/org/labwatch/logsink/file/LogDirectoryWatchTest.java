package org.labwatch.logsink.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log directory watch in both modes of its directory watch, on real directories. */
class LogDirectoryWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private static final class Reports implements org.labwatch.spi.LogFileListener {
        private final Set<Path> changed = new HashSet<>();

        @Override
        public void existing(Path file) {}

        @Override
        public synchronized void changed(Path file) {
            changed.add(file);
        }

        synchronized boolean reported(Path file) {
            return changed.contains(file);
        }

        synchronized Set<Path> reported() {
            return Set.copyOf(changed);
        }
    }

    private static void awaitReported(Reports reports, String what, Path file) {
        await(what)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(
                        () -> assertTrue(reports.reported(file), () -> file + " not among " + reports.reported()));
    }

    @Test
    void onAShareWithoutEventsALineWrittenByAnotherMachineIsFoundByARescan() throws Exception {
        Path logs = Files.createDirectories(data.resolve("monitoring/logs"));
        Path log = Files.writeString(
                logs.resolve("run_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - started\n");
        // Appended through a hard link elsewhere: no event in the log directory, as for a write by
        // another NFS client; only the rescan every 100 ms can see the file grow.
        Path elsewhere =
                Files.createLink(Files.createDirectories(data.resolve("other")).resolve("run.log"), log);
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(logs), reports, 100, dir -> "nfs")) {
            Files.writeString(
                    elsewhere,
                    "2025-01-01 12:00:01,000 - INFO - more\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            awaitReported(reports, "the grown log reported", log);
        }
    }

    @Test
    void aLogDirectoryCreatedAfterTheStartOnALocalDiskIsFollowed() throws Exception {
        Path logs = data.resolve("monitoring/logs");
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(logs), reports, 100, dir -> "ext4")) {
            Files.createDirectories(logs);
            Path first = Files.writeString(
                    logs.resolve("first_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - a\n");
            awaitReported(reports, "the first log of the new directory", first);
            Path second = Files.writeString(
                    logs.resolve("second_20250101_120000.log"), "2025-01-01 12:00:00,000 - INFO - b\n");
            awaitReported(reports, "the second log of the new directory", second);
        }
    }

    /** The metrics reader follows its directories through this watch: every file is reported, not only logs. */
    @Test
    void everyFileButHiddenOnesIsReported() throws Exception {
        Path metrics = Files.createDirectories(data.resolve("monitoring/metrics"));
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(metrics), reports, 100, dir -> "ext4")) {
            Path hidden = Files.writeString(metrics.resolve(".rabi_20250101_120000.csv.swp"), "x\n");
            Files.createDirectories(metrics.resolve("sub"));
            Path csv = Files.writeString(metrics.resolve("rabi_20250101_120000.csv"), "time,step,name,value\n");
            awaitReported(reports, "the metrics file", csv);
            Path other = Files.writeString(metrics.resolve("notes.txt"), "x\n");
            awaitReported(reports, "a file of another kind", other);
            assertEquals(Set.of(csv, other), reports.reported(), "neither " + hidden + " nor the directory");
        }
    }

    @Test
    void onAShareWithoutEventsAGrownMetricsFileIsFoundByARescan() throws Exception {
        Path metrics = Files.createDirectories(data.resolve("monitoring/metrics"));
        Path file = Files.writeString(metrics.resolve("rabi_20250101_120000.csv"), "time,step,name,value\n");
        // As for a write by another NFS client: no event in the directory, only the rescan can see it.
        Path elsewhere =
                Files.createLink(Files.createDirectories(data.resolve("other")).resolve("rabi.csv"), file);
        Reports reports = new Reports();
        try (LogDirectoryWatch ignored = new LogDirectoryWatch(List.of(metrics), reports, 100, dir -> "nfs4")) {
            Files.writeString(elsewhere, "1.000,0,T1_us,1.0\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            awaitReported(reports, "the grown metrics file reported", file);
        }
    }
}

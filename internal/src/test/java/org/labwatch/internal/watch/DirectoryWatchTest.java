package org.labwatch.internal.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch on real directories, with the file system type told, so both modes run on any disk. */
class DirectoryWatchTest {

    /** Generous: events come in milliseconds, but the build machine's 2 cores are shared. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    /** Records what the watch reports; the test thread waits on it. */
    private static final class Recorder implements DirectoryWatch.Handler {
        private final List<Path> dirs;
        private final Set<Path> byRescan = new HashSet<>();
        private final Set<Path> byEvent = new HashSet<>();
        private int rescans;

        Recorder(Path... dirs) {
            this.dirs = List.of(dirs);
        }

        @Override
        public synchronized void rescan() {
            rescans++;
            for (Path dir : dirs) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.forEach(byRescan::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        @Override
        public synchronized void touched(Set<Path> files) {
            byEvent.addAll(files);
        }

        synchronized int rescans() {
            return rescans;
        }

        synchronized boolean rescanFound(Path file) {
            return byRescan.contains(file);
        }

        synchronized boolean eventFor(Path file) {
            return byEvent.contains(file);
        }

        /**
         * Polls {@code condition} until it holds. Polled, not woken by reports, so a condition
         * that acts (writes a probe) runs again although nothing was reported.
         */
        void await(String what, BooleanSupplier condition) {
            Awaitility.await(what)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertTrue(condition.getAsBoolean(), this::toString));
        }

        @Override
        public synchronized String toString() {
            return rescans + " pass(es) finding " + byRescan + ", events for " + byEvent;
        }
    }

    private static DirectoryWatch watch(Recorder r, Path dir, long rescanMs, String fileSystemType) {
        return DirectoryWatch.start(
                "test-watch",
                List.of(dir),
                p -> true,
                Duration.ofMillis(rescanMs),
                Duration.ZERO,
                r,
                d -> fileSystemType);
    }

    @Test
    void aFileWrittenInALocalDirectoryIsReportedByItsEvent() throws Exception {
        Path dir = Files.createDirectories(root.resolve("local"));
        Recorder r = new Recorder(dir);
        // An hour between passes, so only an event can report the file.
        try (DirectoryWatch ignored = watch(r, dir, 3_600_000, "ext4")) {
            r.await("the first pass", () -> r.rescans() == 1);
            Path file = Files.writeString(dir.resolve("a_status.json"), "{}");
            r.await("an event for " + file, () -> r.eventFor(file));
            assertEquals(1, r.rescans());
        }
    }

    @Test
    void aLocalDirectoryIsNotRescannedEveryIntervalAndANetworkShareIs() throws Exception {
        Path local = Files.createDirectories(root.resolve("local"));
        Path share = Files.createDirectories(root.resolve("share"));
        Recorder onLocal = new Recorder(local);
        Recorder onShare = new Recorder(share);
        try (DirectoryWatch a = watch(onLocal, local, 50, "ext4");
                DirectoryWatch b = watch(onShare, share, 50, "nfs4")) {
            onLocal.await("the local directory's first pass", () -> onLocal.rescans() == 1);
            int from = onShare.rescans();
            // Six intervals of the share's watch have passed, each with a pass; the local one had none more.
            onShare.await("six more passes on the share", () -> onShare.rescans() >= from + 6);
            assertEquals(1, onLocal.rescans());
        }
    }

    @Test
    void withoutTrustedEventsChangesAreFoundByRescans() throws Exception {
        Path share = Files.createDirectories(root.resolve("share"));
        Recorder r = new Recorder(share);
        try (DirectoryWatch ignored = watch(r, share, 100, "fuse.sshfs")) {
            r.await("the first pass", () -> r.rescans() >= 1);
            Path file = Files.writeString(share.resolve("b_status.json"), "{}");
            r.await("a pass that lists " + file, () -> r.rescanFound(file));
        }
    }

    @Test
    void aDirectoryCreatedAfterTheStartGetsAPassAndThenEvents() throws Exception {
        Path later = root.resolve("later/status");
        Recorder r = new Recorder(later);
        try (DirectoryWatch ignored = watch(r, later, 100, "ext4")) {
            r.await("the first pass", () -> r.rescans() == 1);
            Files.createDirectories(later);
            // Written before the watch can have registered the directory: only a pass can find it.
            Path early = Files.writeString(later.resolve("early_status.json"), "{}");
            r.await("a pass that lists " + early, () -> r.rescanFound(early));
            int passes = r.rescans();
            Path next = Files.writeString(later.resolve("next_status.json"), "{}");
            r.await("an event for " + next, () -> r.eventFor(next));
            assertEquals(passes, r.rescans(), "the new directory is watched, not rescanned every interval");
        }
    }

    @Test
    void aDirectoryDeletedAndCreatedAgainIsWatchedAgain() throws Exception {
        Path dir = Files.createDirectories(root.resolve("status"));
        Recorder r = new Recorder(dir);
        try (DirectoryWatch ignored = watch(r, dir, 100, "ext4")) {
            r.await("the first pass", () -> r.rescans() == 1);
            Files.delete(dir);
            Files.createDirectories(dir);
            Path early = Files.writeString(dir.resolve("again_status.json"), "{}");
            r.await("a pass or an event for " + early, () -> r.rescanFound(early) || r.eventFor(early));
            // Registered again once the watch has looked (within an interval): from then on a new
            // file is reported by its event; probes until one is, since when is not observable.
            List<Path> probes = new java.util.ArrayList<>();
            r.await("an event for a file written after the directory came back", () -> {
                if (probes.stream().anyMatch(r::eventFor)) {
                    return true;
                }
                try {
                    probes.add(Files.writeString(dir.resolve("probe" + probes.size() + "_status.json"), "{}"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return false;
            });
            int passes = r.rescans();
            Path next = Files.writeString(dir.resolve("next_status.json"), "{}");
            r.await("an event for " + next, () -> r.eventFor(next));
            assertEquals(passes, r.rescans(), "watched again, not rescanned every interval");
        }
    }

    @Test
    void filesWrittenWithoutPauseAreReportedWhileTheWritingGoesOn() throws Exception {
        Path dir = Files.createDirectories(root.resolve("busy"));
        Recorder r = new Recorder(dir);
        AtomicBoolean stop = new AtomicBoolean();
        // A settle time of 200 ms against a file written every few microseconds: the watch never
        // sees 200 quiet ms, and must report anyway.
        try (DirectoryWatch ignored = DirectoryWatch.start(
                "test-watch", List.of(dir), p -> true, Duration.ofHours(1), Duration.ofMillis(200), r, d -> "ext4")) {
            r.await("the first pass", () -> r.rescans() == 1);
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        Files.writeString(dir.resolve("f" + (i % 100) + "_status.json"), "{}");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            writer.start();
            try {
                Path first = dir.resolve("f0_status.json");
                r.await("an event while the writing goes on", () -> r.eventFor(first));
                assertTrue(writer.isAlive(), "still writing when the event came");
            } finally {
                stop.set(true);
                writer.join(WAIT.toMillis());
            }
        }
    }

    @Test
    void onlyFileSystemsKnownToDeliverEventsAreTrusted() {
        for (String local : List.of("ext4", "ext3", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "apfs", "NTFS")) {
            assertTrue(DirectoryWatch.deliversEvents(local), local);
        }
        for (String remote :
                List.of("nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuseblk", "9p", "vboxsf", "unknown")) {
            assertFalse(DirectoryWatch.deliversEvents(remote), remote);
        }
        assertFalse(DirectoryWatch.deliversEvents(null));
    }

    @Test
    void theRealFileSystemOfATempDirectoryIsNamed() {
        String type = DirectoryWatch.fileSystemType(root);
        assertFalse(type.isBlank());
        assertFalse(type.startsWith("unknown"), type);
    }
}

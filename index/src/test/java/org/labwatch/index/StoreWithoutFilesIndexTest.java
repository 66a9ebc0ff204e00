package org.labwatch.index;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.RelocatedStores;

/**
 * The index over a store whose runs are not files at their paths (as in a database): the data
 * directory it is configured with does not exist on this disk, and every run, shipped roots
 * included, is found through the store alone.
 */
class StoreWithoutFilesIndexTest {

    @TempDir
    Path tmp;

    private RelocatedStores stores;
    private Path data;

    @BeforeEach
    void stores() {
        data = tmp.resolve("labwatch-data");
        stores = new RelocatedStores(data, tmp.resolve("database"));
    }

    /** Writes a file the store keeps for {@code path} (a path under the data directory). */
    private Path keep(String path, String content) throws Exception {
        Path kept = stores.backingOf(data.resolve(path));
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, content);
        return data.resolve(path);
    }

    @Test
    void runsLocalAndShippedAreFoundThroughTheStoreWithNoDirectoryOnThisDisk() throws Exception {
        keep("monitoring/status/autocalibration_status.json", Seed.example());
        // Input: a status that is not JSON; it is a run of its own, unreadable, with the reason.
        keep("monitoring/status/broken_status.json", "{\"experiment_name\": ");
        Path fridgeStatus =
                keep("remote/fridge-pc/qubit1/monitoring/status/autocalibration_status.json", Seed.example());
        Path fridgeLog =
                keep("remote/fridge-pc/qubit1/monitoring/logs/autocalibration_20250101_120000.log", "fridge\n");
        // Input: a directory whose name is no source (a dot) and a root without a status directory.
        keep("remote/not.a.source/qubit1/monitoring/status/autocalibration_status.json", Seed.example());
        keep("remote/fridge-pc/no-status/monitoring/logs/x_20250101_120000.log", "x\n");

        try (StatusIndex index = StatusIndex.of(stores.statuses(new JsonStatusStore()), data, List.of())) {
            index.bindLogSource(stores.logSource(new FileLogSource()));
            assertEquals(
                    List.of("autocalibration", "autocalibration@fridge-pc.qubit1", "broken"),
                    index.experiments().stream().map(StatusReading::id).toList());

            StatusReading shipped =
                    index.experiment("autocalibration@fridge-pc.qubit1").orElseThrow();
            assertEquals(fridgeStatus, shipped.file());
            assertTrue(shipped.readable());
            StatusReading broken = index.experiment("broken").orElseThrow();
            assertFalse(broken.readable(), "an unreadable run is still a run");
            assertTrue(broken.problem() != null && !broken.problem().isBlank());
            for (String unknown : List.of("nothing", "x@fridge-pc.no-status", "autocalibration@not.a.source.qubit1")) {
                assertTrue(index.experiment(unknown).isEmpty(), unknown);
            }
            assertEquals(
                    fridgeLog, index.logFile("autocalibration@fridge-pc.qubit1").orElseThrow());
            assertTrue(
                    index.logDirectories().contains(fridgeLog.getParent()),
                    index.logDirectories().toString());
        }
        assertFalse(Files.exists(data), "nothing was looked for, or made, at the runs' own paths");
    }

    @Test
    void aRootAppearsAndGoesThroughTheStoreAndAListingThatFailsKeepsTheRootsKnown() throws Exception {
        StatusIndex index = new StatusIndex(
                Configs.of(IndexConfig.class, Map.of("dataDir", data.toString(), "relistSeconds", 3600L)));
        try (index) {
            index.bindStore(stores.statuses(new JsonStatusStore()));
            List<StatusEvent> events = new CopyOnWriteArrayList<>();
            index.watch(events::add);
            String id = "autocalibration@fridge-pc.qubit1";

            keep("remote/fridge-pc/qubit1/monitoring/status/autocalibration_status.json", Seed.example());
            await().atMost(Duration.ofSeconds(10)).until(() -> told(events, StatusEvent.Kind.ADDED, id));

            // Input: the store cannot be reached for longer than a rescan takes. The root stays.
            int before = events.size();
            stores.away("connection refused");
            long refusedBefore = stores.refused();
            Path roots = data.resolve("remote/fridge-pc/qubit1/monitoring/logs");
            await().atMost(Duration.ofSeconds(10)).until(() -> stores.refused() >= refusedBefore + 2);
            assertEquals(
                    before, events.size(), events.subList(before, events.size()).toString());
            assertTrue(
                    index.logDirectories().contains(roots),
                    index.logDirectories().toString());
            assertEquals(
                    List.of(id),
                    index.experiments().stream().map(StatusReading::id).toList());

            // Back, and the root is gone from the store meanwhile: its run is told as removed.
            deleteTree(stores.backingOf(data.resolve("remote/fridge-pc")));
            stores.back();
            await().atMost(Duration.ofSeconds(10)).until(() -> told(events, StatusEvent.Kind.REMOVED, id));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !index.logDirectories().contains(roots));
        }
        assertFalse(Files.exists(data));
    }

    private static boolean told(List<StatusEvent> events, StatusEvent.Kind kind, String id) {
        return events.stream()
                .anyMatch(e -> e.kind() == kind && e.reading().id().equals(id));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

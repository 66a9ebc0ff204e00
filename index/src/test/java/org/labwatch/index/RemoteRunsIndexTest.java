package org.labwatch.index;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.status.JsonStatusStore;

/** Runs shipped from other machines, as the ingest lays them out under {@code <dataDir>/remote}. */
class RemoteRunsIndexTest {

    @TempDir
    Path root;

    private Path shipped(Path data, String source, String rootName, String status) throws Exception {
        Path monitoring =
                data.resolve("remote").resolve(source).resolve(rootName).resolve("monitoring");
        Files.createDirectories(monitoring.resolve("status"));
        Files.writeString(monitoring.resolve("status/autocalibration_status.json"), status);
        return monitoring;
    }

    @Test
    void twoSourcesRunningTheSameExperimentAreTwoRunsBesideTheLocalOneEachWithItsOwnLogAndPlots() throws Exception {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(data.resolve("monitoring/status/autocalibration_status.json"), Seed.example());
        Path fridge = shipped(data, "fridge-pc", "qubit1", Seed.example());
        Path laser = shipped(data, "laser_pc", "qubit1", Seed.example().replace("\"running\"", "\"completed\""));
        Files.createDirectories(fridge.resolve("logs"));
        Files.writeString(fridge.resolve("logs/autocalibration_20250101_120000.log"), "fridge\n");
        Files.createDirectories(laser.resolve("logs"));
        Files.writeString(laser.resolve("logs/autocalibration_20250101_120000.log"), "laser\n");
        // Not a source name (a dot), and a root without monitoring/status: neither is a run.
        shipped(data, "not.a.source", "qubit1", Seed.example());
        Files.createDirectories(data.resolve("remote/fridge-pc/empty-root"));

        try (StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of())) {
            index.bindLogSource(new FileLogSource());
            List<String> ids =
                    index.experiments().stream().map(StatusReading::id).toList();
            assertEquals(
                    List.of("autocalibration", "autocalibration@fridge-pc.qubit1", "autocalibration@laser_pc.qubit1"),
                    ids);
            StatusReading laserRun =
                    index.experiment("autocalibration@laser_pc.qubit1").orElseThrow();
            assertEquals("autocalibration@laser_pc.qubit1", laserRun.id());
            assertEquals("completed", laserRun.status().status().jsonName());
            assertEquals(
                    fridge.resolve("logs/autocalibration_20250101_120000.log"),
                    index.logFile("autocalibration@fridge-pc.qubit1").orElseThrow());
            assertEquals(
                    laser.resolve("logs/autocalibration_20250101_120000.log"),
                    index.logFile("autocalibration@laser_pc.qubit1").orElseThrow());
            assertEquals(List.of(fridge.resolve("plots")), index.plotDirectories("autocalibration@fridge-pc.qubit1"));
            assertTrue(
                    index.logDirectories().contains(laser.resolve("logs")),
                    index.logDirectories().toString());
            assertEquals(data.resolve("remote"), index.remoteRunsDirectory().orElseThrow());
            // Metrics files sit beside the logs: the local data directory's and each root's.
            assertEquals(
                    data.toAbsolutePath().resolve("monitoring/metrics"),
                    index.metricsDirectories().get(0));
            assertEquals(
                    java.util.Set.of(
                            data.toAbsolutePath().resolve("monitoring/metrics"),
                            fridge.resolve("metrics"),
                            laser.resolve("metrics")),
                    java.util.Set.copyOf(index.metricsDirectories()));
            for (String unknown :
                    List.of("autocalibration@fridge-pc", "autocalibration@nobody.qubit1", "x@fridge-pc.qubit1")) {
                assertTrue(index.experiment(unknown).isEmpty(), unknown);
            }
        }
    }

    @Test
    void aRootThatAppearsWhileTheServerRunsIsToldAsAddedAndItsRunsChangesAsChanged() throws Exception {
        Path data = root.resolve("data");
        StatusIndex index = new StatusIndex(
                Configs.of(IndexConfig.class, Map.of("dataDir", data.toString(), "relistSeconds", 3600L)));
        try (index) {
            index.bindStore(new JsonStatusStore());
            List<StatusEvent> events = new CopyOnWriteArrayList<>();
            index.watch(events::add);

            Path fridge = shipped(data, "fridge-pc", "qubit1", Seed.example());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.kind() == StatusEvent.Kind.ADDED
                                    && e.reading().id().equals("autocalibration@fridge-pc.qubit1")));
            assertEquals(1, index.experiments().size());
            // Lists keep their sorted views per list object: an unchanged index gives the same one.
            assertTrue(index.experiments() == index.experiments(), "a new merged list although nothing changed");

            Files.writeString(
                    fridge.resolve("status/autocalibration_status.json"),
                    Seed.example().replace("\"running\"", "\"failed\""));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.kind() == StatusEvent.Kind.CHANGED
                                    && e.reading().id().equals("autocalibration@fridge-pc.qubit1")
                                    && e.reading().readable()
                                    && e.reading().status().status().jsonName().equals("failed")));

            deleteTree(data.resolve("remote/fridge-pc"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.kind() == StatusEvent.Kind.REMOVED
                                    && e.reading().id().equals("autocalibration@fridge-pc.qubit1")));
            assertTrue(index.experiments().isEmpty());
            // The root itself is let go (its watch closed), not only its runs told as removed.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !index.logDirectories().contains(fridge.resolve("logs")));
        }
    }

    /**
     * The web side's live log tail asks for {@code logDirectories()} when a run is added: a new
     * root's logs must be listed by then (they were published only after its first pass, so a
     * shipped run's first ~5 s of lines were never sent as events).
     */
    @Test
    void aNewRootsLogsAreListedWhenItsRunsAreToldAsAdded() throws Exception {
        Path data = root.resolve("data");
        StatusIndex index = new StatusIndex(
                Configs.of(IndexConfig.class, Map.of("dataDir", data.toString(), "relistSeconds", 3600L)));
        try (index) {
            index.bindStore(new JsonStatusStore());
            List<List<Path>> seenAtAdded = new CopyOnWriteArrayList<>();
            index.watch(e -> {
                if (e.kind() == StatusEvent.Kind.ADDED) {
                    seenAtAdded.add(index.logDirectories());
                }
            });
            Path fridge = shipped(data, "fridge-pc", "qubit1", Seed.example());
            await().atMost(Duration.ofSeconds(10)).until(() -> !seenAtAdded.isEmpty());
            assertEquals(1, seenAtAdded.size(), seenAtAdded.toString());
            assertTrue(seenAtAdded.get(0).contains(fridge.resolve("logs")), seenAtAdded.toString());
        }
    }

    @Test
    void aSilentShippedRunIsStaleUnlessItsSourceSaysItIsStillSendingWhatItWrote() throws Exception {
        Path data = root.resolve("data");
        // The seed example is running, last updated in 2025: silent for long, so stale by the rule.
        Path fridge = shipped(data, "fridge-pc", "qubit1", Seed.example());
        try (StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of())) {
            String id = "autocalibration@fridge-pc.qubit1";
            java.time.Instant now = java.time.Instant.now();
            index.experiments();
            StatusReading run = index.experiment(id).orElseThrow();
            assertEquals("stale", index.summary(run, now).state());
            assertEquals("fridge-pc", index.summary(run, now).source());

            Path statusFile = fridge.resolve("status/autocalibration_status.json");
            index.bindShippingProgress(file -> file.toAbsolutePath().equals(statusFile)
                    ? java.util.OptionalLong.of(12_345)
                    : java.util.OptionalLong.empty());
            var summary = index.summary(run, now);
            assertEquals("running", summary.state());
            assertEquals(12_345L, summary.behindBytes());
            assertEquals(
                    0,
                    index.list(org.labwatch.spi.ExperimentQuery.parse(Map.of("state", "stale"), 50), now)
                            .total());

            index.bindShippingProgress(file -> java.util.OptionalLong.of(0));
            assertEquals("stale", index.summary(run, now).state(), "caught up and still silent");
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.labwatch.web.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.Subscription;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.testsupport.RelocatedStores;
import org.labwatch.web.api.Fixture;
import org.labwatch.web.api.TestClock;
import org.labwatch.web.http.Json;

/** The live log tail over a log source that keeps no files at the logs' paths (as a database keeps them). */
class StoreWithoutFilesLogEventsTest {

    @TempDir
    Path tmp;

    @Test
    void aLogAlreadyThereIsFollowedFromItsEndAsTheSourceSaysAndNewLinesAreEvents() throws Exception {
        Path data = tmp.resolve("labwatch-data");
        RelocatedStores stores = new RelocatedStores(data, tmp.resolve("database"));
        Path status = stores.backingOf(data.resolve("monitoring/status/autocalibration_status.json"));
        Files.createDirectories(status.getParent());
        Files.writeString(status, Fixture.seedExample());
        Path log = stores.backingOf(data.resolve("monitoring/logs/autocalibration_20250101_120000.log"));
        Files.createDirectories(log.getParent());
        Files.writeString(log, "2025-01-01 12:00:00,000 - INFO - before the server looked\n");

        LogSource logs = stores.logSource(new FileLogSource(60_000));
        try (StatusIndex index =
                        StatusIndex.of(stores.statuses(new JsonStatusStore()), Map.of("dataDir", data.toString()));
                EventHub hub = new EventHub(Json.MAPPER, new TestClock(Instant.now()), 100, index::summary)) {
            index.bindLogSource(logs);
            index.experiments();
            ReceivedEvents client = new ReceivedEvents();
            hub.attach(client, null);
            LogFollower follower = new LogFollower(index, () -> logs, hub);
            try (Subscription watch = logs.watch(index.logDirectories(), follower)) {
                Files.writeString(log, "2025-01-01 12:00:01,000 - INFO - after\n", UTF_8, StandardOpenOption.APPEND);
                String text = client.await("after");
                assertTrue(text.contains("event: log\ndata: {\"id\":\"autocalibration\""), text);
                assertFalse(text.contains("before the server looked"), "history is not sent again: " + text);
            }
        }
        assertFalse(Files.exists(data), "nothing at the logs' own paths was looked at");
    }
}

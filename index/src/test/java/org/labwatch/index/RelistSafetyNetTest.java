package org.labwatch.index;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusEvent;
import org.labwatch.status.JsonStatusStore;

/**
 * On a local file system the status watch makes no full pass of its own: the index's relist is the
 * one safety net, and what it finds the watch did not tell reaches the index's subscribers.
 */
class RelistSafetyNetTest {

    @TempDir
    Path root;

    @Test
    void aChangeNoEventReportedIsFoundByTheRelistAndTold() throws Exception {
        Path dir = Files.createDirectories(root.resolve("data/monitoring/status"));
        Path tmp = Files.writeString(dir.resolve(".quiet.tmp"), status(3));
        Path file = Files.move(tmp, dir.resolve("quiet_status.json"), StandardCopyOption.ATOMIC_MOVE);
        // Written through a hard link in another directory: the kernel tells the status directory nothing.
        Path elsewhere =
                Files.createLink(Files.createDirectories(root.resolve("other")).resolve("quiet.json"), file);
        StatusIndex index = new StatusIndex(Configs.of(
                IndexConfig.class, Map.of("dataDir", root.resolve("data").toString(), "relistSeconds", 1L)));
        List<StatusEvent> events = new CopyOnWriteArrayList<>();
        try {
            index.bindStore(new JsonStatusStore());
            await("the first view")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> index.progress().complete());
            index.watch(events::add);
            // Same length, in place: only a full pass can tell (by its time) that it changed.
            Files.write(elsewhere, status(7).getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);

            await("the relist's CHANGED")
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertEquals(
                            7, index.experiments().get(0).status().currentStep(), "events told: " + events));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertEquals(
                            StatusEvent.Kind.CHANGED,
                            events.get(events.size() - 1).kind(),
                            "events told: " + events));
        } finally {
            index.close();
        }
    }

    private static String status(int step) {
        return "{\"experiment_name\": \"quiet\", \"status\": \"running\", \"current_step\": " + step
                + ", \"total_steps\": 9}";
    }
}

package org.labwatch.index;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import org.labwatch.status.JsonStatusStore;

/** A store replaced under a running server: readers keep the whole list until the new store has read every file. */
class StoreSwapViewTest {

    @TempDir
    Path data;

    /** The real JSON store whose watch starts only when the test opens the gate (a slow first pass over many runs). */
    private static final class GatedStore implements StatusStore {
        final JsonStatusStore real = new JsonStatusStore();
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public void write(Path statusFile, ExperimentStatus status) throws IOException {
            real.write(statusFile, status);
        }

        @Override
        public StatusReading read(Path statusFile) {
            return real.read(statusFile);
        }

        @Override
        public Optional<Path> keepEarlierRun(Path statusFile) throws IOException {
            return real.keepEarlierRun(statusFile);
        }

        @Override
        public List<StatusReading> list(Collection<Path> statusDirs) {
            return real.list(statusDirs);
        }

        @Override
        public Subscription watch(Collection<Path> statusDirs, StatusListener listener) {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.watch(statusDirs, listener);
        }
    }

    @Test
    void theListStaysWholeWhileAReplacementStoreReadsEveryFile() throws Exception {
        Path dir = Files.createDirectories(data.resolve("monitoring/status"));
        for (String id : List.of("a", "b", "c")) {
            Files.writeString(
                    dir.resolve(id + "_status.json"),
                    "{\"experiment_name\": \"" + id + "\", \"status\": \"completed\"}");
        }
        StatusIndex index = new StatusIndex(Configs.of(IndexConfig.class, Map.of("dataDir", data.toString())));
        try {
            JsonStatusStore first = new JsonStatusStore();
            index.bindStore(first);
            await("the first store's view")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> index.progress().complete());
            assertEquals(List.of("a", "b", "c"), ids(index));

            // A replacement arrives (greedy reference: bound before the old one leaves) and reads slowly.
            GatedStore replacement = new GatedStore();
            index.bindStore(replacement);
            index.unbindStore(first);
            assertFalse(index.progress().complete(), "the replacement has not read its files yet");
            assertEquals(List.of("a", "b", "c"), ids(index), "the last complete view meanwhile");

            replacement.gate.countDown();
            await("the replacement's view")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> index.progress().complete());
            assertEquals(List.of("a", "b", "c"), ids(index));
        } finally {
            index.close();
        }
    }

    private static List<String> ids(StatusIndex index) {
        return index.experiments().stream().map(StatusReading::id).toList();
    }
}

package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;

/** Files written by another process, as the seed's Python tool would write them, are reported. */
class WatchTest {

    @TempDir
    Path root;

    private final StatusStore store =
            new JsonStatusStore(Configs.of(JsonStatusStore.Config.class, Map.of("rescanIntervalMs", 200L)));

    @Test
    void anotherProcessAddsChangesAndRemovesAStatusFile() throws Exception {
        Path dir = Files.createDirectories(root.resolve("status"));
        Files.writeString(dir.resolve("existing_status.json"), SeedFormatTest.SEED_EXAMPLE);
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = store.watch(List.of(dir), events::add)) {
            StatusEvent first = next(events);
            assertEquals(StatusEvent.Kind.ADDED, first.kind());
            assertEquals("existing", first.reading().id());

            Path seedJson = Files.writeString(root.resolve("seed.json"), SeedFormatTest.SEED_EXAMPLE);
            // Through a temporary file and a rename, as the seed's tool writes: a plain "cat >" could be
            // read half-written, reported as added but unreadable and then changed, a different story.
            shell("cat '" + seedJson + "' > '" + dir + "/.python.tmp' && mv '" + dir + "/.python.tmp' '" + dir
                    + "/python_status.json'");
            StatusEvent added = next(events);
            assertEquals(StatusEvent.Kind.ADDED, added.kind());
            assertEquals("python", added.reading().id());

            shell("sed -i 's/\"current_step\": 5/\"current_step\": 6/' '" + dir + "/python_status.json'");
            StatusEvent changed = next(events);
            assertEquals(StatusEvent.Kind.CHANGED, changed.kind());
            assertEquals(6, changed.reading().status().currentStep());

            shell("rm '" + dir + "/python_status.json'");
            StatusEvent removed = next(events);
            assertEquals(StatusEvent.Kind.REMOVED, removed.kind());
            assertEquals("python", removed.reading().id());
        }
    }

    @Test
    void aDirectoryCreatedAfterTheWatchStartedIsPickedUp() throws Exception {
        Path later = root.resolve("later/status");
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = store.watch(List.of(later), events::add)) {
            Files.createDirectories(later);
            // Atomically, as every status writer does: written in place, the file could be read
            // empty (the watch registers the new directory at any moment, and one event suffices),
            // and the first event would rightly say "added, unreadable". That failed once under load.
            writeAtomically(later.resolve("late_status.json"), SeedFormatTest.SEED_EXAMPLE);
            StatusEvent e = next(events);
            assertEquals(StatusEvent.Kind.ADDED, e.kind());
            assertTrue(e.reading().readable());
        }
    }

    @Test
    void onAFileSystemWithoutEventsRescansFindWhatAnotherMachineWrote() throws Exception {
        Path dir = Files.createDirectories(root.resolve("share/status"));
        Path file = writeAtomically(dir.resolve("remote_status.json"), SeedFormatTest.SEED_EXAMPLE);
        // A write through a hard link in another directory raises no event in this one, as a write
        // by another NFS client raises none here: only a full pass can see it.
        Path elsewhere =
                Files.createLink(Files.createDirectories(root.resolve("other")).resolve("remote.json"), file);
        BlockingQueue<StatusEvent> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = new StatusDirectoryWatch(
                List.of(dir), events::add, (JsonStatusStore) store, 100, w -> {}, d -> "nfs")) {
            assertEquals(StatusEvent.Kind.ADDED, next(events).kind());
            // In place, same length, not truncated first (a pass must not meet an empty file): only
            // the time tells the pass that the file changed.
            Files.write(
                    elsewhere,
                    SeedFormatTest.SEED_EXAMPLE
                            .replace("\"current_step\": 5", "\"current_step\": 7")
                            .getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.WRITE);
            StatusEvent changed = next(events);
            assertEquals(StatusEvent.Kind.CHANGED, changed.kind());
            assertEquals(7, changed.reading().status().currentStep());
        }
    }

    private static Path writeAtomically(Path file, String content) throws Exception {
        Path tmp = Files.writeString(file.resolveSibling("." + file.getFileName() + ".tmp"), content);
        return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static StatusEvent next(BlockingQueue<StatusEvent> events) throws InterruptedException {
        StatusEvent e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no status event within 10 s");
        return e;
    }

    private void shell(String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(new File(root.resolve("shell.out").toString()))
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(root.resolve("shell.out")));
    }
}

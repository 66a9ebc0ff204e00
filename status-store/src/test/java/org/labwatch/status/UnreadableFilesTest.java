package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;

class UnreadableFilesTest {

    @TempDir
    Path dir;

    private final StatusStore store = new JsonStatusStore();

    private String problem(String name, byte[] content) throws Exception {
        StatusReading r = store.read(Files.write(dir.resolve(name + "_status.json"), content));
        assertFalse(r.readable(), name + " should be unreadable");
        assertEquals(name, r.id());
        return r.problem();
    }

    @Test
    void eachKindOfBadFileHasAReason() throws Exception {
        byte[] seed = SeedFormatTest.SEED_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        assertEquals("empty file", problem("empty", new byte[0]));
        assertTrue(problem("truncated", java.util.Arrays.copyOf(seed, seed.length / 2))
                .startsWith("truncated JSON"));
        assertTrue(problem("notjson", "this is not json".getBytes()).startsWith("not valid JSON at line 1"));
        assertTrue(problem("array", "[1,2]".getBytes()).contains("not an object"));
        assertTrue(problem("latin1", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'})
                .startsWith("not valid UTF-8"));
    }

    @Test
    void fiftyMegabyteFileIsRefusedBeforeReading() throws Exception {
        Path big = dir.resolve("big_status.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(50L * 1024 * 1024);
        }
        StatusReading r = store.read(big);
        assertFalse(r.readable());
        assertTrue(
                r.problem().contains("52428800 bytes, larger than the limit of 16777216 bytes (maxFileBytes"),
                r.problem());
    }

    @Test
    void listingShowsGoodAndBadFilesTogether() throws Exception {
        Files.writeString(dir.resolve("good_status.json"), SeedFormatTest.SEED_EXAMPLE);
        Files.writeString(dir.resolve("bad_status.json"), "{\"experiment_name\": ");
        Files.writeString(dir.resolve(".good_status.json.1234.tmp"), "half");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<StatusReading> all = store.list(List.of(dir, dir.resolve("missing")));
        assertEquals(List.of("bad", "good"), all.stream().map(StatusReading::id).toList());
        assertFalse(all.get(0).readable());
        assertTrue(all.get(1).readable());
    }

    @Test
    void smallLimitFromConfiguration() throws Exception {
        StatusStore small = new JsonStatusStore(
                org.labwatch.internal.config.Configs.of(JsonStatusStore.Config.class, Map.of("maxFileBytes", 100L)));
        Path file = Files.writeString(dir.resolve("x_status.json"), SeedFormatTest.SEED_EXAMPLE);
        assertTrue(small.read(file).problem().contains("larger than the limit of 100 bytes"));
    }

    @Test
    void aStatusFileLinkedFromOutsideItsDirectoryIsNotRead(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path outside = java.nio.file.Files.writeString(tmp.resolve("secret.json"), "{\"experiment_name\": \"secret\"}");
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("monitoring/status"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("leak_status.json"), outside);
        org.labwatch.spi.StatusReading r = new JsonStatusStore().read(link);
        org.junit.jupiter.api.Assertions.assertFalse(r.readable());
        org.junit.jupiter.api.Assertions.assertTrue(r.problem().contains("leads out of its directory"), r.problem());
        Path inside =
                java.nio.file.Files.writeString(dir.resolve("real_status.json"), "{\"experiment_name\": \"real\"}");
        Path sibling = java.nio.file.Files.createSymbolicLink(dir.resolve("alias_status.json"), inside);
        org.junit.jupiter.api.Assertions.assertTrue(
                new JsonStatusStore().read(sibling).readable(), "a link within the directory is fine");
    }
}

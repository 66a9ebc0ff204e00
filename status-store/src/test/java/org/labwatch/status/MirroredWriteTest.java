package org.labwatch.status;

import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.RunState;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusReading;

/** {@link JsonStatusStore#writeMirrored}: status files shipped from another machine, kept byte for byte. */
class MirroredWriteTest {

    private static final String STATUS = "{\"experiment_name\": \"rabi\", \"status\": \"running\", \"current_step\": 3,"
            + " \"total_steps\": 10, \"from_a_newer_tool\": {\"kept\": true}}";

    @TempDir
    Path dir;

    private final JsonStatusStore store = new JsonStatusStore();

    @Test
    void aValidStatusIsWrittenAsItsBytesWithUnknownFieldsAndReadsBack() throws IOException {
        Path file = dir.resolve("remote/pc/qubit1/monitoring/status/rabi_status.json");
        byte[] bytes = STATUS.getBytes(UTF_8);

        store.writeMirrored(file, bytes);

        assertArrayEquals(bytes, Files.readAllBytes(file));
        StatusReading reading = store.read(file);
        assertTrue(reading.readable(), String.valueOf(reading.problem()));
        assertEquals(RunState.RUNNING, reading.status().status());
        assertEquals(3, reading.status().currentStep());
        assertOnly(file.getParent(), "rabi_status.json");
    }

    @Test
    void aNewCopyReplacesTheOldOneAndTheStoreReadsTheNewOne() throws IOException {
        Path file = dir.resolve("status/rabi_status.json");
        store.writeMirrored(file, STATUS.getBytes(UTF_8));
        assertEquals(3, store.read(file).status().currentStep());
        store.writeMirrored(
                file,
                STATUS.replace("\"current_step\": 3", "\"current_step\": 4").getBytes(UTF_8));
        assertEquals(4, store.read(file).status().currentStep());
        assertOnly(file.getParent(), "rabi_status.json");
    }

    @Test
    void bytesThatAreNoStatusAreRefusedWithTheReasonAndTheOldCopyStays() throws IOException {
        Path file = dir.resolve("status/rabi_status.json");
        store.writeMirrored(file, STATUS.getBytes(UTF_8));
        byte[] before = Files.readAllBytes(file);
        byte[] notUtf8 = STATUS.replace("rabi", "r\u00e4bi").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Map<String, byte[]> corpus = Map.of(
                "empty file", new byte[0],
                "empty file ", "  \n".getBytes(UTF_8),
                "truncated JSON", STATUS.substring(0, 40).getBytes(UTF_8),
                "not valid JSON", "experiment_name: rabi".getBytes(UTF_8),
                "not an object", "[1, 2]".getBytes(UTF_8),
                "not valid UTF-8 (at byte 22)", notUtf8,
                "not valid UTF-8 (at byte 0)", STATUS.getBytes(UTF_16));
        corpus.forEach((reason, bytes) -> {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> store.writeMirrored(file, bytes), reason);
            assertTrue(
                    e.getMessage().contains(reason.trim().replace("not an object", "not an object with")),
                    reason + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains("rabi_status.json"), e.getMessage());
        });
        assertArrayEquals(before, Files.readAllBytes(file));
        assertOnly(file.getParent(), "rabi_status.json");
    }

    @Test
    void aStatusOverTheStoresLimitIsRefusedAndNothingIsWritten() {
        JsonStatusStore small =
                new JsonStatusStore(Configs.of(JsonStatusStore.Config.class, Map.of("maxFileBytes", 50L)));
        Path file = dir.resolve("status/rabi_status.json");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> small.writeMirrored(file, STATUS.getBytes(UTF_8)));
        assertTrue(e.getMessage().contains("larger than the limit of 50 bytes"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    private static void assertOnly(Path dir, String... names) throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(names),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp files left");
        }
    }
}

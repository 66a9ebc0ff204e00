package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.StatusReading;
import org.labwatch.status.JsonStatusStore;

class StatusIndexTest {

    @TempDir
    Path root;

    @Test
    void lookingUpOneIdFindsWhatTheListingFinds() throws Exception {
        Path data = root.resolve("b-data");
        Path extra = root.resolve("a-extra");
        Files.createDirectories(data.resolve("monitoring/status"));
        Files.createDirectories(extra);
        String seed = Seed.example();
        Files.writeString(data.resolve("monitoring/status/both_status.json"), seed);
        Files.writeString(extra.resolve("both_status.json"), seed.replace("\"running\"", "\"completed\""));
        Files.writeString(data.resolve("monitoring/status/only_status.json"), seed);
        Files.writeString(data.resolve("monitoring/status/broken_status.json"), "{\"experiment_name\": ");
        Files.writeString(data.resolve("monitoring/status/.hidden_status.json"), seed);
        Files.writeString(root.resolve("outside_status.json"), seed);
        ExperimentIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of(extra));

        List<StatusReading> all = index.experiments();
        for (StatusReading listed : all) {
            StatusReading looked = index.experiment(listed.id()).orElseThrow();
            // experiments() sorts by id, then path: the first of an id is the one a look-up gives.
            StatusReading firstListed = all.stream()
                    .filter(r -> r.id().equals(listed.id()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(firstListed.file(), looked.file(), listed.id());
        }
        assertEquals(
                extra.resolve("both_status.json"),
                index.experiment("both").orElseThrow().file());
        assertTrue(!index.experiment("broken").orElseThrow().readable());
        for (String bad :
                List.of("", ".hidden", "..", "../outside", "../../outside", "x/../../outside", "..\\outside", "a\0b")) {
            assertTrue(index.experiment(bad).isEmpty(), "'" + bad + "' found a file");
        }
        assertTrue(index.experiment(null).isEmpty());
    }

    @Test
    void aLogReachedThroughALinkOutOfItsDirectoryIsNotTheRunsLog() throws Exception {
        Path data = root.resolve("data");
        Path logs = Files.createDirectories(data.resolve("monitoring/logs"));
        Files.createDirectories(data.resolve("monitoring/status"));
        Path secret = Files.writeString(root.resolve("secret.txt"), "not a log of this run");
        Files.writeString(
                data.resolve("monitoring/status/named_status.json"),
                Seed.example()
                        .replace("\"autocalibration\"", "\"named\"")
                        .replace("\"errors\": []", "\"errors\": [], \"log_file\": \"named_20250101_120000.log\""));
        Files.writeString(
                data.resolve("monitoring/status/seed_status.json"),
                Seed.example().replace("\"autocalibration\"", "\"seed\""));
        Files.createSymbolicLink(logs.resolve("named_20250101_120000.log"), secret);
        Files.createSymbolicLink(logs.resolve("seed_20250101_120000.log"), secret);
        StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of());
        index.bindLogSource(new FileLogSource());
        assertTrue(index.logFile("named").isEmpty(), "log_file named a link to outside");
        assertTrue(index.logFile("seed").isEmpty(), "the newest <name>_*.log was a link to outside");

        Files.delete(logs.resolve("seed_20250101_120000.log"));
        Path real = Files.writeString(logs.resolve("seed_20250101_130000.log"), "x\n");
        Files.createSymbolicLink(logs.resolve("seed_20250101_120000.log"), real);
        assertEquals(
                real.toRealPath(),
                index.logFile("seed").orElseThrow().toRealPath(),
                "links inside the directory are fine");
    }

    @Test
    void aSeedRunsLogIsTheNewestAsLogsComeAndGo() throws Exception {
        Path data = root.resolve("seed-data");
        Path logs = Files.createDirectories(data.resolve("monitoring/logs"));
        Files.createDirectories(data.resolve("monitoring/status"));
        Files.writeString(
                data.resolve("monitoring/status/seed_status.json"),
                Seed.example().replace("\"autocalibration\"", "\"seed\""));
        java.nio.file.attribute.FileTime hourAgo =
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        java.nio.file.attribute.FileTime minuteAgo =
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Path first = Files.writeString(logs.resolve("seed_20250101_120000.log"), "x\n");
        Files.setLastModifiedTime(first, hourAgo);
        Files.writeString(logs.resolve("other_20250101_120000.log"), "x\n");
        Files.setLastModifiedTime(logs, hourAgo);
        StatusIndex index = StatusIndex.of(new JsonStatusStore(), data, List.of());
        index.bindLogSource(new FileLogSource());
        assertEquals(first, index.logFile("seed").orElseThrow());
        assertEquals(first, index.logFile("seed").orElseThrow(), "asked again, the directory unchanged");

        Path second = Files.writeString(logs.resolve("seed_20250102_120000.log"), "x\n");
        Files.setLastModifiedTime(second, minuteAgo);
        assertEquals(second, index.logFile("seed").orElseThrow(), "a newer log came");
        Files.setLastModifiedTime(logs, hourAgo);
        assertEquals(second, index.logFile("seed").orElseThrow());

        Files.delete(second);
        assertEquals(first, index.logFile("seed").orElseThrow(), "the newest went");
        Files.delete(first);
        Files.setLastModifiedTime(logs, hourAgo);
        assertTrue(index.logFile("seed").isEmpty());
        assertTrue(index.logFile("seed").isEmpty());
        Path third = Files.writeString(logs.resolve("seed_20250103_120000.log"), "x\n");
        assertEquals(third, index.logFile("seed").orElseThrow(), "a log after none");
        ((StatusIndex) index).close();
    }
}

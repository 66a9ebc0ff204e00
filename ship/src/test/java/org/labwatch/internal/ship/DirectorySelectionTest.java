package org.labwatch.internal.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySelectionTest {

    @TempDir
    Path monitoring;

    @Test
    void carriesWhatTheProtocolCarriesAndNoTemporaryFiles() throws Exception {
        write("logs/run_20261204_120000.log", "x");
        write("logs/.hidden.log", "x");
        write("metrics/run.csv", "t,v\n");
        write("status/run_status.json", "{}");
        write("status/.run_status.json.1f2e.tmp", "{");
        write("status/notes.txt", "not a status");
        write("plots/fit.png", "png");
        write("plots/fit.PNG.txt", "no");
        write("plots/raw.svg", "<svg/>");
        Files.createDirectories(monitoring.resolve("logs/subdir"));

        List<String> keys = new DirectorySelection(monitoring)
                .scan().stream().map(LocalFile::key).sorted().toList();

        assertEquals(
                List.of(
                        "logs/run_20261204_120000.log",
                        "metrics/run.csv",
                        "plots/fit.png",
                        "plots/raw.svg",
                        "status/run_status.json"),
                keys);
    }

    @Test
    void seesAFileAddedSoonAfterTheLastListing() throws Exception {
        write("logs/first.log", "1");
        DirectorySelection selection = new DirectorySelection(monitoring);
        assertEquals(1, selection.scan().size());
        write("logs/second.log", "2");
        // Within the same second as the listing: a coarse directory time would not have changed.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> selection.scan().stream().anyMatch(f -> f.name().equals("second.log")));
        assertTrue(selection.scan().stream()
                .anyMatch(f -> f.size() == 1 && f.name().equals("first.log")));
    }

    @Test
    void aMissingMonitoringDirectoryIsEmptyNotAnError() {
        assertEquals(List.of(), new DirectorySelection(monitoring.resolve("nothing")).scan());
    }

    private void write(String relative, String text) throws Exception {
        Path p = monitoring.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}

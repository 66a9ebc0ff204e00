package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;

/**
 * Real I/O failures, made by replacing a monitoring directory with a plain file (tests run as
 * root, where permissions would not stop a write): the experiment never sees an exception, the
 * outage is reported at once, and what was held is written when the directory is back.
 */
class DiskTroubleTest {

    @TempDir
    Path expt;

    @Test
    void logDirectoryReplacedByAFileThenRestored() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("retryIntervalMs", 50L))) {
            Monitor m = t.engine.create(expt, "outage");
            m.log("before the outage");
            Path logs = expt.resolve("monitoring/logs");
            Files2.deleteTree(logs);
            Files.writeString(logs, "in the way");

            // The sink notices the vanished file within a second; until then lines go to the unlinked file.
            List<String> held = new ArrayList<>();
            int[] n = {0};
            // Each poll logs a probe: the outage is noticed by a write.
            await("the outage reported on stderr")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        m.log("probe " + n[0]++);
                        return t.console().contains("failed");
                    });
            for (int i = 0; i < 500; i++) {
                String line = "held " + i;
                m.log(line);
                held.add(line);
            }
            m.updateProgress("still running", 1, 2);
            assertTrue(t.console().contains("outage"), t.console());

            Files.delete(logs);
            await("the held records written after recovery")
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertTrue(
                            Files.isDirectory(logs) && logText(logs).contains("were written late"),
                            () -> "stderr: " + t.console()));
            m.log("after the outage");
            m.complete("done");
            m.close();

            String text = logText(logs);
            int last = -1;
            for (String line : held) {
                int at = text.indexOf(" - INFO - " + line + "\n");
                assertTrue(at > last, "missing or out of order: " + line);
                assertEquals(at, text.lastIndexOf(" - INFO - " + line + "\n"), "written twice: " + line);
                last = at;
            }
            assertTrue(text.indexOf("were written late") > last, "note after the held records");
            assertTrue(text.contains(" - INFO - after the outage"));
            assertEquals(
                    "completed", Files2.status(expt, "outage").get("status").asText());
        }
    }

    @Test
    void statusDirectoryReplacedByAFileThenRestored() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("retryIntervalMs", 50L, "statusFlushIntervalMs", 50L))) {
            Monitor m = t.engine.create(expt, "status outage");
            Path status = expt.resolve("monitoring/status");
            Files2.deleteTree(status);
            Files.writeString(status, "in the way");
            m.updateProgress("measuring", 3, 10, "while the status cannot be written");
            assertTrue(t.console().contains("writing the status of 'status outage'"), t.console());
            m.log("log lines keep flowing");

            Files.delete(status);
            await("the status rewritten after recovery")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> Files.exists(status.resolve("status outage_status.json"))
                            && Files2.status(expt, "status outage")
                                            .get("current_step")
                                            .asInt()
                                    == 3);
            m.close();
            assertEquals(
                    "interrupted",
                    Files2.status(expt, "status outage").get("status").asText());
        }
    }

    private static String logText(Path logs) {
        try (var s = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path p : s.sorted().toList()) {
                all.append(Files2.text(p));
            }
            return all.toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;

class ConcurrentLoggingTest {

    private static final Pattern RECORD = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} - INFO - worker (\\d) record (\\d+) of worker \\1");

    @TempDir
    Path expt;

    @Test
    void eightThreadsLogEveryRecordExactlyOnceWithoutInterleaving() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "parallel sweep");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int id = w;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        m.log("worker " + id + " record " + i + " of worker " + id);
                        if (i % 1000 == 0) {
                            m.updateProgress("worker " + id, i / 1000, perThread / 1000);
                        }
                    }
                });
                th.start();
                workers.add(th);
            }
            start.countDown();
            for (Thread th : workers) {
                th.join();
            }
            m.complete("done");
            m.close();

            Set<String> seen = new HashSet<>();
            int[] next = new int[threads];
            for (String line : Files2.lines(Files2.onlyLog(expt))) {
                if (!line.contains(" record ")) {
                    continue;
                }
                Matcher match = RECORD.matcher(line);
                assertTrue(match.matches(), "mangled or interleaved line: " + line);
                int w = Integer.parseInt(match.group(1));
                int i = Integer.parseInt(match.group(2));
                assertTrue(seen.add(w + ":" + i), "duplicate " + line);
                assertEquals(next[w]++, i, "records of worker " + w + " out of order");
            }
            assertEquals(threads * perThread, seen.size());
            assertEquals(
                    threads * perThread + threads * 5 + 2,
                    Files2.status(expt, "parallel sweep").get("message_count").asLong());
        }
    }
}

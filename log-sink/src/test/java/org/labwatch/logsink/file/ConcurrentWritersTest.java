package org.labwatch.logsink.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.RunInfo;

class ConcurrentWritersTest {

    private static final int THREADS = 8;
    private static final int RECORDS = 5_000;

    @TempDir
    Path dir;

    private final LogSink sink = new FileLogSink();
    private final LogSource source = new FileLogSource();

    @Test
    void eightRunsOnEightThreads() throws Exception {
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            RunInfo run = LogFiles.run(dir, "run" + t);
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < RECORDS; i++) {
                    sink.append(run, LogFiles.record(i + 1, message(thread, i)));
                }
                sink.runEnded(run);
                return null;
            });
        }
        runAll(writers);
        for (int t = 0; t < THREADS; t++) {
            Path file = LogFiles.run(dir, "run" + t).logFile();
            assertWellFormed(file);
            List<LogEntry> entries = source.tail(file, RECORDS + 10);
            assertEquals(RECORDS, entries.size());
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(message(t, i), entries.get(i).message());
            }
        }
    }

    @Test
    void eightThreadsOnOneRunWithExternalSynchronization() throws Exception {
        RunInfo run = LogFiles.run(dir, "shared");
        Object lock = new Object();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(() -> {
                for (int i = 0; i < RECORDS; i++) {
                    synchronized (lock) {
                        sink.append(run, LogFiles.record(i + 1, message(thread, i)));
                    }
                }
                return null;
            });
        }
        runAll(writers);
        sink.runEnded(run);

        assertWellFormed(run.logFile());
        List<LogEntry> entries =
                source.readAfter(run.logFile(), 0, Integer.MAX_VALUE).entries();
        assertEquals(THREADS * RECORDS, entries.size());
        BitSet seen = new BitSet(THREADS * RECORDS);
        int[] lastOfThread = new int[THREADS];
        java.util.Arrays.fill(lastOfThread, -1);
        for (LogEntry entry : entries) {
            String[] parts = entry.message().split("\n");
            assertEquals(2, parts.length, entry.message());
            String[] ids = parts[0].split(" ");
            int thread = Integer.parseInt(ids[1]);
            int i = Integer.parseInt(ids[3]);
            assertEquals(message(thread, i), entry.message());
            assertTrue(i > lastOfThread[thread], "records of a thread stay in order");
            lastOfThread[thread] = i;
            int key = thread * RECORDS + i;
            assertTrue(!seen.get(key), "duplicate " + entry.message());
            seen.set(key);
        }
        assertEquals(THREADS * RECORDS, seen.cardinality());
    }

    private static String message(int thread, int i) {
        return "thread " + thread + " record " + i + "\ncontinued by thread " + thread + " record " + i;
    }

    /** Every line is a header or a continuation that belongs to the header just before it. */
    private static void assertWellFormed(Path file) throws IOException {
        String expectedContinuation = null;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("    ")) {
                assertEquals(expectedContinuation, line);
                expectedContinuation = null;
            } else {
                assertEquals(null, expectedContinuation, "a continuation line is missing before " + line);
                int at = line.indexOf(" - INFO - thread ");
                assertTrue(at == 23, line);
                String[] ids = line.substring(at + " - INFO - ".length()).split(" ");
                expectedContinuation = "    continued by thread " + ids[1] + " record " + ids[3];
            }
        }
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}

package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;

/**
 * Experiments interrupt their worker threads (ExecutorService.shutdownNow, Ctrl-C handlers). A log
 * call from a thread whose interrupt flag is set must still reach the file before it returns, must
 * not report a disk failure, and must leave the flag set for the experiment to see.
 */
class InterruptedThreadTest {

    @TempDir
    Path expt;

    @Test
    void interruptedThreadStillLogsAtOnceAndKeepsItsFlag() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "interrupted");
            AtomicReference<String> seenRightAfter = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                Thread.currentThread().interrupt();
                m.log("logged while interrupted");
                m.updateProgress("step while interrupted", 1, 2);
                seenRightAfter.set(Files2.text(Files2.onlyLog(expt)));
                flagAfter.set(Thread.currentThread().isInterrupted());
            });
            worker.start();
            worker.join();
            assertTrue(seenRightAfter.get().contains(" - INFO - logged while interrupted"), seenRightAfter.get());
            assertEquals(Boolean.TRUE, flagAfter.get(), "the interrupt flag is the experiment's, not ours to clear");
            assertFalse(t.console().contains("failed"), t.console());
            assertEquals(
                    1, Files2.status(expt, "interrupted").get("current_step").asInt());
            m.log("after");
            m.close();
        }
    }
}

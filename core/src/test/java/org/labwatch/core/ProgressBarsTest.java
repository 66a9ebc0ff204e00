package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Monitor;
import org.labwatch.api.ProgressBar;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.StatusStore;

class ProgressBarsTest {

    @TempDir
    Path expt;

    @Test
    void iterableRangeAndStreamCountEveryItemAndFinish() {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "bars");
            int sum = 0;
            for (int i : m.range(1000, "range")) {
                sum += i;
            }
            assertEquals(499_500, sum);
            List<String> seen = new ArrayList<>();
            for (String s : m.progress(List.of("a", "b", "c"), "list")) {
                seen.add(s);
            }
            assertEquals(List.of("a", "b", "c"), seen);
            long evens = m.progress(IntStream.range(0, 500).boxed(), "stream", 500)
                    .filter(i -> i % 2 == 0)
                    .count();
            assertEquals(250, evens);
            m.close();
            JsonNode bars = Files2.status(expt, "bars").get("progress_bars");
            assertEquals(3, bars.size(), bars.toString());
            assertEquals("range", bars.get(0).get("description").asText());
            assertEquals(1000, bars.get(0).get("n").asLong());
            assertEquals(1000, bars.get(0).get("total").asLong());
            assertEquals(100.0, bars.get(0).get("percent").asDouble());
            assertEquals("done", bars.get(0).get("state").asText());
            assertEquals(3, bars.get(1).get("total").asLong());
            assertEquals(500, bars.get(2).get("n").asLong());
            assertEquals("done", bars.get(2).get("state").asText());
            for (String field : List.of("id", "rate", "elapsed_s", "eta_s", "started", "updated")) {
                assertTrue(bars.get(0).has(field), field);
            }
        }
    }

    @Test
    void barLeftOpenIsAbandonedAndRunWithoutStepsFollowsOutermostBar() {
        try (TestEngines t = new TestEngines(
                Map.of("progressConsole", "off", "progressPersistIntervalMs", 50L, "statusFlushIntervalMs", 50L))) {
            Monitor m = t.engine.create(expt, "open bar");
            ProgressBar outer = m.progressBar("outer", 200);
            outer.stepBy(50);
            ProgressBar inner = m.progressBar("inner", 10);
            inner.stepBy(9);
            inner.setMessage("T=12 mK");
            await("25 % from the outer bar in the status")
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertEquals(
                            25.0,
                            Files2.status(expt, "open bar")
                                    .get("progress_percent")
                                    .asDouble(),
                            "progress_percent"));
            JsonNode innerJson =
                    Files2.status(expt, "open bar").get("progress_bars").get(1);
            assertEquals("T=12 mK", innerJson.get("message").asText());
            m.close();
            JsonNode bars = Files2.status(expt, "open bar").get("progress_bars");
            assertEquals("abandoned", bars.get(0).get("state").asText());
            assertEquals("abandoned", bars.get(1).get("state").asText());
            assertEquals(50, bars.get(0).get("n").asLong());
        }
    }

    @Test
    void stepsKeepTheSeedPercentEvenWithBars() {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "steps and bars");
            m.updateProgress("Rabi", 1, 4);
            for (int i : m.range(10, "points")) {
                m.log("point " + i);
            }
            m.close();
            assertEquals(
                    25.0,
                    Files2.status(expt, "steps and bars")
                            .get("progress_percent")
                            .asDouble());
        }
    }

    @Test
    void eightThreadsSteppingOneBarCountExactly() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "threads");
            ProgressBar bar = m.progressBar("shared", 8 * 250_000);
            List<Thread> threads = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 250_000; i++) {
                        bar.step();
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(2_000_000, bar.current());
            bar.close();
            m.close();
            assertEquals(
                    2_000_000,
                    Files2.status(expt, "threads")
                            .get("progress_bars")
                            .get(0)
                            .get("n")
                            .asLong());
            assertThrows(IllegalArgumentException.class, () -> bar.stepBy(-1));
        }
    }

    @Test
    void tenMillionIterationsWriteTheStatusAboutOncePerSecond() {
        try (TestEngines t = new TestEngines(Map.of("progressConsole", "off"))) {
            AtomicInteger writes = new AtomicInteger();
            StatusStore real = t.statusStore;
            t.engine.statusStore(new CountingStore(real, writes));
            Monitor m = t.engine.create(expt, "hot loop");
            int before = writes.get();
            long start = System.nanoTime();
            long sum = 0;
            for (int i : m.range(10_000_000, "inner loop")) {
                sum += i;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int during = writes.get() - before;
            m.close();
            assertEquals(49_999_995_000_000L, sum);
            assertTrue(during <= Math.ceil(seconds) + 1, during + " status writes during a " + seconds + " s loop");
            assertEquals(
                    10_000_000,
                    Files2.status(expt, "hot loop")
                            .get("progress_bars")
                            .get(0)
                            .get("n")
                            .asLong());
        }
    }

    @Test
    void plainConsolePrintsALineAtMostPerIntervalAndAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleBars console = new ConsoleBars(
                Configs.of(CoreConfig.class, Map.of("progressConsole", "plain", "progressPlainIntervalMs", 10_000L)),
                out,
                out);
        BarBoard board = new BarBoard(console, java.time.ZoneId.systemDefault());
        Bar bar = board.open("sweep", 4);
        bar.step();
        console.tick(bar.startNanos + 1_000_000_000L);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before the interval");
        console.tick(bar.startNanos + 10_000_000_000L);
        console.tick(bar.startNanos + 11_000_000_000L);
        bar.stepBy(3);
        bar.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("sweep:  25%|██▌       | 1/4 [00:10<00:30, 10.00s/it]"), lines[0]);
        assertTrue(lines[1].startsWith("sweep: 100%|██████████| 4/4 ["), lines[1]);
        assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage returns off a terminal");
    }

    @Test
    void terminalRedrawsNestedBarsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleBars console = new ConsoleBars(
                Configs.of(CoreConfig.class, Map.of("progressConsole", "terminal", "progressMinIntervalMs", 100L)),
                out,
                out);
        BarBoard board = new BarBoard(console, java.time.ZoneId.systemDefault());
        Bar outer = board.open("outer", 2);
        Bar inner = board.open("inner", 3);
        long t0 = Math.max(outer.startNanos, inner.startNanos);
        console.tick(t0 + 200_000_000L);
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(first.startsWith("outer:   0%|"), first);
        assertTrue(first.contains("\n  inner:   0%|"), "inner bar indented on the next line: " + first);
        bytes.reset();
        console.tick(t0 + 250_000_000L);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "no redraw within 100 ms");
        inner.stepBy(3);
        console.tick(t0 + 400_000_000L);
        String redraw = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(redraw.startsWith("\r\033[1A\033[J"), "moves up over the two-line block and clears it: " + redraw);
        assertTrue(redraw.contains("3/3"), redraw);
        bytes.reset();
        inner.close();
        outer.stepBy(2);
        outer.close();
        String end = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(end.contains("outer: 100%|██████████| 2/2 ["), end);
        assertTrue(end.endsWith("]\n"), "outermost bar left on screen: " + end);
        assertTrue(!end.substring(end.lastIndexOf("\033[J")).contains("inner"), "inner bar gone once done: " + end);
    }

    /** The real store, counting writes: how the test sees the throttle. */
    private record CountingStore(StatusStore real, AtomicInteger writes) implements StatusStore {
        @Override
        public void write(Path statusFile, ExperimentStatus status) throws IOException {
            writes.incrementAndGet();
            real.write(statusFile, status);
        }

        @Override
        public org.labwatch.spi.StatusReading read(Path statusFile) {
            return real.read(statusFile);
        }

        @Override
        public java.util.Optional<Path> keepEarlierRun(Path statusFile) throws IOException {
            return real.keepEarlierRun(statusFile);
        }

        @Override
        public List<org.labwatch.spi.StatusReading> list(java.util.Collection<Path> statusDirs) {
            return real.list(statusDirs);
        }

        @Override
        public org.labwatch.spi.Subscription watch(java.util.Collection<Path> dirs, org.labwatch.spi.StatusListener l) {
            return real.watch(dirs, l);
        }
    }
}

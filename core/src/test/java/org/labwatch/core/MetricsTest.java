package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labwatch.api.Monitor;

/** {@code Monitor.metric} and {@code metrics} as docs/metrics.md promises them, seen in the files. */
class MetricsTest {

    /**
     * How much later than the promised 200 ms a value may reach its file in these tests: the flusher
     * runs every 100 ms, and on a shared 2-core machine a thread can wait that long to be scheduled.
     */
    static final long SCHEDULING_MARGIN_MS = 100;

    @TempDir
    Path expt;

    @Test
    void stepsCountOnPerMetricAndFollowAnExplicitStep() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "steps");
            m.metric("T1_us", 45.2);
            m.metric("T1_us", 46.0);
            m.metric("fit/chi2", 1.03);
            m.metric("T1_us", 10, 47.5);
            m.metric("T1_us", 48.0);
            m.metric("T1_us", 3, 40.0);
            m.metric("T1_us", 3, 41.0);
            m.metric("fit/chi2", 1.0E-5);
            m.close();

            List<MetricsCsv.Line> lines = MetricsCsv.read(MetricsCsv.onlyFile(expt));
            assertEquals(
                    List.of("T1_us", "T1_us", "fit/chi2", "T1_us", "T1_us", "T1_us", "T1_us", "fit/chi2"),
                    names(lines));
            assertEquals(
                    List.of(0L, 1L, 0L, 10L, 11L, 3L, 3L, 1L), steps(lines), "backwards and repeated steps are kept");
            assertEquals(List.of(45.2, 46.0, 1.03, 47.5, 48.0, 40.0, 41.0, 1.0E-5), values(lines));
        }
    }

    @Test
    void theFileHasTheLogsStemAndItsHeaderAndKeepsNaNAndTheInfinities() throws Exception {
        try (TestEngines t = new TestEngines()) {
            long before = System.currentTimeMillis();
            Monitor m = t.engine.create(expt, "rabi");
            m.metric("a", Double.NaN);
            m.metric("a", Double.POSITIVE_INFINITY);
            m.metric("a", Double.NEGATIVE_INFINITY);
            m.metric("a", -0.0);
            m.close();
            long after = System.currentTimeMillis();

            Path file = MetricsCsv.onlyFile(expt);
            String log = Files2.onlyLog(expt).getFileName().toString();
            assertEquals(
                    log.substring(0, log.length() - ".log".length()) + ".csv",
                    file.getFileName().toString());
            List<String> text = Files.readAllLines(file);
            assertEquals("time,step,name,value", text.get(0));
            assertTrue(text.get(1).endsWith(",0,a,NaN"), text.get(1));
            assertTrue(text.get(2).endsWith(",1,a,Infinity"), text.get(2));
            assertTrue(text.get(3).endsWith(",2,a,-Infinity"), text.get(3));
            assertTrue(text.get(4).endsWith(",3,a,-0.0"), text.get(4));
            for (MetricsCsv.Line l : MetricsCsv.read(file)) {
                assertTrue(l.timeMillis() >= before && l.timeMillis() <= after, "time of the call: " + l);
            }
        }
    }

    @Test
    void mapsAreRecordedAtEachMetricsNextStepOrAtTheGivenOneWithOneTime() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "maps");
            m.metric("Q", 1.0);
            Map<String, Number> values = new LinkedHashMap<>();
            values.put("f_res_GHz", 7.1234);
            values.put("Q", 12_000);
            values.put("n", 3L);
            m.metrics(values);
            m.metrics(100, values);
            m.metrics(Map.of());
            m.close();

            List<MetricsCsv.Line> lines = MetricsCsv.read(MetricsCsv.onlyFile(expt));
            assertEquals(List.of("Q", "f_res_GHz", "Q", "n", "f_res_GHz", "Q", "n"), names(lines));
            assertEquals(List.of(0L, 0L, 1L, 0L, 100L, 100L, 100L), steps(lines));
            assertEquals(List.of(1.0, 7.1234, 12_000.0, 3.0, 7.1234, 12_000.0, 3.0), values(lines));
            assertEquals(
                    1,
                    lines.subList(1, 4).stream()
                            .map(MetricsCsv.Line::timeMillis)
                            .distinct()
                            .count());
            assertEquals(
                    1,
                    lines.subList(4, 7).stream()
                            .map(MetricsCsv.Line::timeMillis)
                            .distinct()
                            .count());
        }
    }

    static Object[][] badNames() {
        return new Object[][] {
            {null, "(null)", "missing"},
            {"", "\"\"", "empty"},
            {"x".repeat(129), "\"" + "x".repeat(60) + "...\"", "129 characters"},
            {"fit chi2", "\"fit chi2\"", "the character ' ' at position 3"},
            {"a,b", "\"a,b\"", "the character ',' at position 1"},
            {"T1_µs", "\"T1_µs\"", "the character 'µ' at position 3"},
            {"tab\tname", "\"tab\\u0009name\"", "the character U+0009 at position 3"},
            {"quote\"d", "\"quote\"d\"", "the character '\"' at position 5"},
            {"/lead", "\"/lead\"", "starts with '/'"},
            {".hidden", "\".hidden\"", "starts with '.'"},
            {"-dash", "\"-dash\"", "starts with '-'"},
            {"fit..chi2", "\"fit..chi2\"", "contains '..'"},
            {"fit/", "\"fit/\"", "ends with '/'"},
        };
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void badNamesAreRefusedNamingTheInputAndNothingIsRecorded(String name, String shown, String reason)
            throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "names");
            String prefix = "Invalid metric name " + shown + ": ";
            List<IllegalArgumentException> refusals = List.of(
                    assertThrows(IllegalArgumentException.class, () -> m.metric(name, 1.0)),
                    assertThrows(IllegalArgumentException.class, () -> m.metric(name, 5, 1.0)),
                    assertThrows(IllegalArgumentException.class, () -> m.metrics(mapWithBadNameLast("good", name))),
                    assertThrows(IllegalArgumentException.class, () -> m.metrics(7, mapWithBadNameLast("good", name))));
            for (IllegalArgumentException e : refusals) {
                assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
                assertTrue(e.getMessage().contains(reason), e.getMessage());
            }
            m.metric("after", 2.0);
            m.close();
            assertEquals(
                    List.of("after"), names(MetricsCsv.read(MetricsCsv.onlyFile(expt))), "nothing of a refused call");
            assertEquals(1, Files2.status(expt, "names").get("metrics").size());
        }
    }

    @Test
    void theWholeAlphabetOfNamesIsAccepted() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "alphabet");
            List<String> good = List.of(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    "abcdefghijklmnopqrstuvwxyz",
                    "0123456789",
                    "_private",
                    "fit/chi2",
                    "a.b-c_d/e.f",
                    "9lives",
                    "x".repeat(128));
            for (String n : good) {
                m.metric(n, 1.0);
            }
            m.close();
            assertEquals(good, names(MetricsCsv.read(MetricsCsv.onlyFile(expt))));
        }
    }

    @Test
    void aNullMapOrValueIsRefusedNamingTheMetric() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "nulls");
            Map<String, Number> withNull = new LinkedHashMap<>();
            withNull.put("fine", 1.0);
            withNull.put("T1_us", null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.metrics(withNull));
            assertTrue(e.getMessage().contains("\"T1_us\" is null"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.metrics(null));
            assertThrows(IllegalArgumentException.class, () -> m.metrics(3, null));
            m.close();
            assertFalse(Files.exists(expt.resolve("monitoring/metrics")), "nothing recorded");
        }
    }

    @Test
    void eachValueReachesTheFileWithin200Milliseconds() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "latency");
            Path file = t.engine.openRuns().get(0).run().metricsFile();
            long worst = 0;
            for (int i = 0; i < 15; i++) {
                long start = System.nanoTime();
                m.metric("probe", i);
                int expected = i + 1;
                await("value " + i + " in the file")
                        .atMost(Duration.ofMillis(200 + SCHEDULING_MARGIN_MS))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() ->
                                Files.exists(file) && Files.readAllLines(file).size() == expected + 1);
                worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
            }
            assertTrue(worst <= 200 + SCHEDULING_MARGIN_MS, "worst " + worst + " ms");
            m.close();
        }
    }

    @Test
    void closeWritesEverythingBeforeItReturns() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "close");
            for (int i = 0; i < 100_000; i++) {
                m.metric(i % 2 == 0 ? "even" : "odd", i);
            }
            m.close();
            List<MetricsCsv.Line> lines = MetricsCsv.read(MetricsCsv.onlyFile(expt));
            assertEquals(100_000, lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(i, lines.get(i).value(), "in recording order");
            }
            m.metric("after_close", 1);
            m.metric("after_close", 2);
            assertEquals(100_000, MetricsCsv.read(MetricsCsv.onlyFile(expt)).size());
            assertEquals(1, count(t.console(), "metric values recorded after close are not kept"), t.console());
        }
    }

    @Test
    void theStatusSummarizesTheMostRecentlyUpdatedMetricsWithinTheFlushInterval() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("metricsKept", 3, "statusFlushIntervalMs", 100L))) {
            Monitor m = t.engine.create(expt, "summary");
            m.metric("a", 1.0);
            m.metric("b", 5.0);
            m.metric("c", 1.0);
            m.metric("d", 2.0);
            m.metric("b", 7, Double.NaN);
            m.metric("b", -2.0);
            m.metric("e", Double.POSITIVE_INFINITY);
            m.metric("c", 3.0);
            await("the summary in the status file")
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> Files2.status(expt, "summary").get("metrics").size() == 3);
            JsonNode metrics = Files2.status(expt, "summary").get("metrics");
            assertEquals(List.of("b", "e", "c"), fieldTexts(metrics, "name"), "least recently updated first");
            JsonNode b = metrics.get(0);
            assertEquals(3, b.get("count").asLong());
            assertEquals(-2.0, b.get("last").asDouble());
            assertEquals(8, b.get("last_step").asLong());
            assertEquals(-2.0, b.get("min").asDouble());
            assertEquals(5.0, b.get("max").asDouble());
            assertTrue(OffsetDateTime.parse(b.get("updated").asText()) != null);
            JsonNode e = metrics.get(1);
            assertEquals("Infinity", e.get("last").textValue());
            assertFalse(e.has("min") || e.has("max"), "no finite value yet: " + e);
            assertEquals(1, metrics.get(2).get("count").asLong() - 1, "c has two values");

            m.metric("b", Double.NaN);
            await("a NaN written as a string")
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> "NaN"
                            .equals(Files2.status(expt, "summary")
                                    .get("metrics")
                                    .get(2)
                                    .get("last")
                                    .textValue()));
            m.close();
            JsonNode last = Files2.status(expt, "summary");
            assertEquals(List.of("e", "c", "b"), fieldTexts(last.get("metrics"), "name"));
            assertEquals(4, last.get("metrics").get(2).get("count").asLong());
        }
    }

    @Test
    void aFailingSinkHoldsValuesReportsOnceAndWritesThemInOrderLater() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("retryIntervalMs", 50L))) {
            Monitor m = t.engine.create(expt, "outage");
            m.metric("v", 0);
            m.metric("v", 1);
            Path dir = expt.resolve("monitoring/metrics");
            await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(dir));
            Path file = MetricsCsv.onlyFile(expt);
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> Files.readAllLines(file).size() == 3);
            Path aside = expt.resolve("aside");
            Files.move(dir, aside);
            Files.writeString(dir, "in the way");
            for (int i = 2; i < 1000; i++) {
                m.metric("v", i);
            }
            await("the outage reported")
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> t.console().contains("writing the metrics of 'outage'"));
            for (int i = 1000; i < 2000; i++) {
                m.metric("v", i);
            }
            Files.delete(dir);
            Files.move(aside, dir);
            await("the held values written")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> MetricsCsv.read(file).size() == 2000);
            m.close();
            assertEquals(
                    1,
                    count(t.console(), "writing the metrics of 'outage' to file (monitoring/metrics/*.csv) failed: "),
                    "one report: " + t.console());
            List<MetricsCsv.Line> lines = MetricsCsv.read(file);
            for (int i = 0; i < 2000; i++) {
                assertEquals(i, lines.get(i).value(), "once each, in order");
            }
            assertTrue(t.console().contains("value(s) were written late"), t.console());
            assertTrue(
                    Files2.text(Files2.onlyLog(expt)).contains("value(s) were written late"), "the note is in the log");
        }
    }

    @Test
    void aFullBacklogDropsTheOldestAndSaysHowMany() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("retryIntervalMs", 50L, "metricsHeld", 100))) {
            Monitor m = t.engine.create(expt, "dropping");
            Path dir = expt.resolve("monitoring/metrics");
            Files.createDirectories(expt.resolve("monitoring"));
            Files.writeString(dir, "in the way");
            for (int i = 0; i < 250; i++) {
                m.metric("v", i);
            }
            // Dropped while waiting between two flushes, or in the failing sink's backlog: either says so.
            await().atMost(Duration.ofSeconds(2)).until(() -> t.console().contains("dropping the oldest"));
            Files.delete(dir);
            await("the newest values written")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> Files.exists(dir) && t.console().contains("were written late"));
            m.close();
            List<MetricsCsv.Line> lines = MetricsCsv.read(MetricsCsv.onlyFile(expt));
            assertEquals(100, lines.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(150.0 + i, lines.get(i).value(), "the oldest were dropped");
            }
            long reported = 0;
            Matcher dropped = DROPPED.matcher(t.console());
            while (dropped.find()) {
                reported += Long.parseLong(dropped.group(1) != null ? dropped.group(1) : dropped.group(2));
            }
            assertEquals(150, reported, t.console());
        }
    }

    /** "N value(s) were dropped because ..." (recorded faster than written) or "..., N were lost because the ... backlog was full". */
    private static final Pattern DROPPED =
            Pattern.compile("(\\d+) value\\(s\\) were dropped because|, (\\d+) were lost because");

    @Test
    void withoutAMetricSinkValuesWaitForTheFirstOneToBind() {
        try (TestEngines t = new TestEngines()) {
            t.engine.unbindMetricSink(t.metricSink);
            Monitor m = t.engine.create(expt, "nosink");
            for (int i = 0; i < 10; i++) {
                m.metric("v", i);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> t.console().contains("no metric sink is bound"));
            t.engine.bindMetricSink(t.metricSink);
            m.metric("v", 10);
            m.close();
            assertEquals(11, MetricsCsv.read(MetricsCsv.onlyFile(expt)).size());
        }
    }

    @Test
    void theExperimentsThreadAllocatesNothingOnceWarm() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // Buffers at their final size from the start (4,096 values): growing them is the one allocation.
        try (TestEngines t = new TestEngines(Map.of("metricsHeld", MetricRecorder.INITIAL_VALUES))) {
            Monitor m = t.engine.create(expt, "alloc");
            String[] names = {"T1_us", "fit/chi2", "f_res_GHz"};
            for (int i = 0; i < 50_000; i++) {
                m.metric(names[i % 3], i * 0.5);
                m.metric(names[i % 3], i, i * 0.5);
            }
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) {
                m.metric(names[i % 3], i * 0.5);
                m.metric(names[i % 3], i, i * 0.5);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            m.close();
            // The measurement itself (the MXBean call) allocates a little; 200,000 calls at 1 byte each would be 200
            // kB.
            assertTrue(allocated < 4_096, allocated + " bytes allocated by 200,000 metric calls");
        }
    }

    private static Map<String, Number> mapWithBadNameLast(String good, String bad) {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put(good, 1.0);
        m.put(bad, 2.0);
        return m;
    }

    private static List<String> names(List<MetricsCsv.Line> lines) {
        return lines.stream().map(MetricsCsv.Line::name).toList();
    }

    private static List<Long> steps(List<MetricsCsv.Line> lines) {
        return lines.stream().map(MetricsCsv.Line::step).toList();
    }

    private static List<Double> values(List<MetricsCsv.Line> lines) {
        return lines.stream().map(MetricsCsv.Line::value).toList();
    }

    private static List<String> fieldTexts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

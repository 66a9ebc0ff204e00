package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard's metrics in real headless Chromium against one boot of the distribution: the
 * charts of a run's page, live as its metrics file grows, zoomed by dragging, the compare view of
 * three runs, and phone width. Runs are written into the watched data directory as files in the
 * layout of docs/metrics.md (a status file naming its log, the log, and the metrics CSV with the
 * log's stem), as any writer would; the page is not reloaded within a test. Screenshots land in
 * {@code itests/target/screenshots/}. Also measured and printed: how long uPlot takes to draw 10
 * series of 1,000 points in this browser, and how long an appended value takes to reach the chart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledIfSystemProperty(named = Browser.SKIP, matches = "true", disabledReason = "-Dlabwatch.browser.skip=true")
class MetricsBrowserIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration LIVE = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final String HEADER = "time,step,name,value\n";

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static Browser browser;
    static String base;

    @BeforeAll
    static void boot() throws Exception {
        browser = Browser.open("MetricsBrowserIT", work, 1280, 900);
        server = Distribution.unpack(work.resolve("server"));
        dataDir = Files.createDirectories(work.resolve("lab data"));
        // The page servlet registers a moment after the API's: a browser sent to "/" before it gets
        // Pax Web's 404, and these tests never reload.
        server.startOn(dataDir, BOOT, "/");
        base = "http://127.0.0.1:" + server.httpPort + "/";
    }

    @AfterAll
    static void stop() throws InterruptedException, IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
            server.keepForReview("metrics-browser-it", dataDir);
        }
    }

    @Test
    @Order(1)
    void aRunsChartsAppearAndFollowAppendedValuesWithoutReload() throws IOException {
        LocalDateTime start = LocalDateTime.now().minusMinutes(10).withNano(0);
        Path csv = writeRun("metrics_live", "metrics_live", start, "running");
        StringBuilder lines = new StringBuilder(HEADER);
        for (int step = 0; step < 300; step++) {
            // A NaN at step 100 and an Infinity at step 101: drawn as gaps, not as numbers.
            String value =
                    step == 100 ? "NaN" : step == 101 ? "Infinity" : Double.toString(45 + 5 * Math.cos(step / 20.0));
            lines.append(line(start, step, "T1_us", value));
            lines.append(line(start, step, "fit/chi2", Double.toString(1.0 / (1 + step))));
        }
        append(csv, lines.toString());

        browser.driver.get(base + "#/experiment/metrics_live");
        awaitChart("T1_us", 299);
        awaitChart("fit/chi2", 299);
        browser.awaitJs(
                "the event stream to be connected",
                LIVE,
                "return document.getElementById('conn').textContent === 'live'");
        markDocument();
        assertEquals(
                "metrics_live",
                browser.js("return document.getElementById('d-name').textContent"),
                "not the run's page");
        assertEquals(
                Boolean.TRUE,
                browser.js(
                        "const u = " + CARD + ".chart.u; return u.data[0][100] === 100 && u.data[1][100] === null"
                                + " && u.data[1][101] === null && u.data[1][102] !== null",
                        "T1_us"),
                "NaN and Infinity are not gaps");
        // The group heading of fit/chi2, and each chart's CSV link (every value, for download).
        assertEquals("fit/", browser.js("return document.querySelector('#d-metrics .metric-group-name').textContent"));
        String href = (String) browser.js("return " + CARD_ELEMENT + ".querySelector('a.csv').href", "fit/chi2");
        assertTrue(href.endsWith("/api/experiments/metrics_live/metrics/fit/chi2?format=csv"), href);
        HttpResponse<String> download =
                Conditions.get(server.httpPort, "/api/experiments/metrics_live/metrics/fit/chi2?format=csv");
        assertEquals(200, download.statusCode(), Conditions.describe(download));
        // step,time,value lines (a header line, if any, is not counted).
        assertEquals(
                300,
                download.body()
                        .lines()
                        .filter(l -> l.matches("\\d+,[0-9.]+,.+"))
                        .count(),
                download.body());
        browser.screenshot("run-charts");

        // Appended values reach the chart without a reload: 20 appends, one at a time, each
        // timed from the write to the chart's drawing (same machine, same clock).
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int step = 300 + i;
            long written = System.currentTimeMillis();
            append(csv, line(start, step, "T1_us", Double.toString(60 + i)));
            awaitChart("T1_us", step);
            long drawn = Long.parseLong((String)
                    browser.js("return " + CARD_ELEMENT + ".querySelector('.chart').dataset.drawnAt", "T1_us"));
            latencies.add(drawn - written);
        }
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
        System.out.println(
                "metrics: append-to-chart latency over " + latencies.size() + " appends: p50 " + p50 + " ms, p95 " + p95
                        + " ms, max " + latencies.get(latencies.size() - 1) + " ms (target p95 <= 1000 ms)");
        assertTrue(p95 <= 2000, "appended values took far longer than the 1 s target to reach the chart: " + latencies);
        browser.awaitJs(
                "the chart's facts to count 320 values, the last 79",
                LIVE,
                "return " + CARD_ELEMENT
                        + ".querySelector('.metric-facts').textContent.startsWith('320 values · last 79 at step 319')",
                "T1_us");

        // A metric new to the run gets its chart.
        append(csv, line(start, 0, "readout_fidelity", "0.987"));
        browser.awaitJs(
                "a chart for readout_fidelity, new to the run",
                LIVE,
                "const m = " + CARD_ELEMENT + "; if (m) m.scrollIntoView(); return !!m",
                "readout_fidelity");
        awaitChart("readout_fidelity", 0);
        assertSameDocument();
        assertNothingRan();
    }

    @Test
    @Order(2)
    void draggingOverAChartZoomsIntoThatRangeInFullDetail() throws IOException {
        LocalDateTime start = LocalDateTime.now().minusMinutes(30).withNano(0);
        Path csv = writeRun("metrics_zoom", "metrics_zoom", start, "completed");
        StringBuilder lines = new StringBuilder(HEADER);
        for (int step = 0; step < 20_000; step++) {
            double value = step == 12_345 ? 10 : Math.sin(step / 300.0);
            lines.append(line(start, step, "signal", Double.toString(value)));
        }
        append(csv, lines.toString());
        browser.driver.get(base + "#/experiment/metrics_zoom");
        awaitChart("signal", 19_999);
        markDocument();
        Map<?, ?> before = scaleX("signal");
        long pointsBefore = Long.parseLong((String) browser.js("return " + CARD_ELEMENT + ".dataset.points", "signal"));
        assertTrue(pointsBefore < 20_000, "the whole run was sent, not downsampled: " + pointsBefore);
        // The spike survives downsampling.
        assertEquals(
                Boolean.TRUE,
                browser.js("return " + CARD + ".chart.u.data[1].some(v => v > 5)", "signal"),
                "the spike at step 12,345 was lost by downsampling");

        WebElement over = browser.driver.findElement(By.cssSelector(cardSelector("signal") + " .u-over"));
        int width = over.getRect().getWidth();
        new Actions(browser.driver)
                .moveToElement(over, -width / 2 + width * 3 / 10, 0)
                .clickAndHold()
                .moveByOffset(width / 10, 0)
                .release()
                .perform();
        browser.awaitJs(
                "the zoomed range, asked for and drawn",
                LIVE,
                "const c = " + CARD + "; return !c.busy && c.zoom && !c.root.querySelector('.reset').hidden"
                        + " && c.chart.u.data[0].length > 0 && c.chart.u.data[0][0] >= Math.floor(c.zoom.from)",
                "signal");
        Map<?, ?> after = scaleX("signal");
        double lo = ((Number) after.get("min")).doubleValue();
        double hi = ((Number) after.get("max")).doubleValue();
        assertTrue(
                lo > ((Number) before.get("min")).doubleValue() + 1000
                        && hi < ((Number) before.get("max")).doubleValue() - 1000
                        && hi - lo < 5000,
                "x range before " + before + ", after " + after);
        long pointsAfter = Long.parseLong((String) browser.js("return " + CARD_ELEMENT + ".dataset.points", "signal"));
        String note =
                (String) browser.js("return " + CARD_ELEMENT + ".querySelector('.chart-note').textContent", "signal");
        assertTrue(note.startsWith("Steps "), note);
        System.out.println("metrics: zoom from " + before.get("min") + ".." + before.get("max") + " (" + pointsBefore
                + " points) to " + lo + ".." + hi + " (" + pointsAfter + " points); " + note);
        browser.screenshot("zoomed");

        browser.driver
                .findElement(By.cssSelector(cardSelector("signal") + " button.reset"))
                .click();
        browser.awaitJs(
                "the whole run again",
                LIVE,
                "const c = " + CARD + "; return !c.busy && !c.zoom && c.root.querySelector('.reset').hidden"
                        + " && c.chart.u.data[0][c.chart.u.data[0].length - 1] === 19999",
                "signal");

        // Log scale and smoothing redraw from the points already there.
        browser.driver
                .findElement(By.cssSelector(cardSelector("signal") + " .metric-tools input[type=checkbox]"))
                .click();
        browser.awaitJs("a log y scale", LIVE, "return " + CARD + ".chart.u.scales.y.distr === 3", "signal");
        browser.js(
                "const s = document.getElementById('m-smooth'); s.value = '0.9'; s.dispatchEvent(new Event('input'))");
        browser.awaitJs(
                "the smoothed line over the faint raw points",
                LIVE,
                "const u = " + CARD + ".chart.u; return u.series.length === 3 && u.series[2].label === 'smoothed'",
                "signal");
        browser.screenshot("log-smoothed");
        browser.js("const s = document.getElementById('m-smooth'); s.value = '0'; s.dispatchEvent(new Event('input'))");
        assertSameDocument();
    }

    @Test
    @Order(3)
    void threeRunsComparedShowThreeSeriesAndTheirFinalValues() throws IOException {
        LocalDateTime now = LocalDateTime.now().withNano(0);
        // The latest run and two earlier ones of the same experiment, as kept by the status store.
        List<String> ids = List.of(
                "metrics_cmp",
                "metrics_cmp_" + STAMP.format(now.minusHours(2)),
                "metrics_cmp_" + STAMP.format(now.minusHours(4)));
        double[] finals = {47.5, 45.0, 50.0};
        for (int r = 0; r < 3; r++) {
            LocalDateTime start = now.minusHours(2L * r).minusMinutes(20);
            Path csv = writeRun(ids.get(r), "metrics_cmp", start, r == 0 ? "running" : "completed");
            int run = r;
            IntToDoubleFunction value = step -> step == 400 ? finals[run] : 40 + run + 5 * Math.exp(-step / 100.0);
            StringBuilder lines = new StringBuilder(HEADER);
            for (int step = 0; step <= 400; step++) {
                lines.append(line(start, step, "T1_us", Double.toString(value.applyAsDouble(step))));
            }
            append(csv, lines.toString());
        }

        browser.driver.get(base + "#/");
        browser.driver.findElement(By.id("q")).sendKeys("metrics_cmp");
        browser.awaitJs(
                "the three runs of metrics_cmp listed, and only they (the list filtered, not the earlier tests' runs)",
                LIVE,
                "const rows = [...document.querySelectorAll('#experiments a.row')].map(a => a.getAttribute('href'));"
                        + " return rows.length === 3 && " + toJsArray(ids)
                        + ".every(id => rows.includes('#/experiment/' + id))");
        markDocument();
        for (String id : ids) {
            browser.driver
                    .findElement(By.cssSelector("#experiments a.row[href='#/experiment/" + id + "']"))
                    .findElement(By.xpath(".."))
                    .findElement(By.cssSelector("input.pick"))
                    .click();
        }
        assertEquals(
                "3 runs picked",
                browser.driver.findElement(By.id("compare-count")).getText());
        browser.screenshot("list-picked");
        browser.driver.findElement(By.id("compare-go")).click();
        awaitCompare(3);
        String hash = (String) browser.js("return location.hash");
        assertEquals("#/compare?runs=" + String.join(",", ids) + "&metric=T1_us&x=step", hash);
        assertEquals(
                List.of(ids.get(0), ids.get(1), ids.get(2)),
                browser.js("return Array.from(document.querySelectorAll('#c-chart .u-legend .u-series th'))"
                        + ".slice(1).map(th => th.textContent)"));
        List<?> rows = (List<?>) browser.js("return Array.from(document.querySelectorAll('#c-rows tr'))"
                + ".map(r => [r.cells[0].textContent, r.cells[4].textContent, r.cells[5].textContent])");
        assertEquals(
                List.of(
                        List.of(ids.get(0), "47.5", "(reference)"),
                        List.of(ids.get(1), "45", "-2.5 (-5.26 %)"),
                        List.of(ids.get(2), "50", "+2.5 (+5.26 %)")),
                rows);
        assertSameDocument();
        browser.screenshot("compare");

        // By time since each run's start: the address says so, and can be shared.
        browser.js("const x = document.getElementById('c-x'); x.value = 'time'; x.dispatchEvent(new Event('change'))");
        browser.awaitJs(
                "the runs by elapsed time",
                LIVE,
                "return location.hash.endsWith('&x=time') && document.getElementById('c-chart').dataset.series === '3'"
                        + " && document.querySelector('#c-chart .u-legend .u-series th').textContent === 'since start'");
        // Opened anew, as someone the address was sent to would.
        String shared = (String) browser.js("return location.href");
        browser.driver.get("about:blank");
        browser.driver.get(shared);
        awaitCompare(3);
        assertEquals("time", browser.js("return document.getElementById('c-x').value"));

        // From a run's page: its earlier runs, compared.
        browser.driver.get(base + "#/experiment/metrics_cmp");
        WebElement link = browser.await("the link to earlier runs", LIVE, d -> {
            WebElement a = d.findElement(By.id("m-compare"));
            return a.isDisplayed() ? a : null;
        });
        assertEquals("Compare with earlier runs of this experiment", link.getText());
        link.click();
        awaitCompare(3);
        assertEquals(
                "#/compare?runs=" + String.join(",", ids) + "&metric=T1_us&x=step", browser.js("return location.hash"));

        // Run ids are text in the legend and the table, wherever they come from.
        String hostile = "cmp <img src=x onerror=window.__xss=1>";
        Path csv = writeRun(hostile, hostile, now.minusMinutes(5), "completed");
        append(csv, HEADER + line(now.minusMinutes(5), 0, "T1_us", "44.0"));
        browser.driver.get(base + "#/compare?runs=" + encode(hostile) + "," + ids.get(0) + "&metric=T1_us&x=step");
        browser.awaitJs(
                "the compare view of the run named with markup",
                LIVE,
                "return document.querySelectorAll('#c-rows tr').length === 2"
                        + " && !!document.getElementById('c-chart').dataset.series && !!document.querySelector('#c-rows .badge')");
        assertEquals(hostile, browser.js("return document.querySelector('#c-rows td.run a').textContent"));
        List<?> legend = (List<?>)
                browser.js(
                        "return Array.from(document.querySelectorAll('#c-chart .u-legend .u-series th')).slice(1).map(th => th.textContent)");
        assertTrue(legend.size() == 2 && legend.containsAll(List.of(hostile, ids.get(0))), legend.toString());
        assertNothingRan();
    }

    @Test
    @Order(4)
    void phoneWidthShowsFullWidthChartsWithoutSidewaysScrolling() throws IOException {
        try {
            browser.resizeViewport(390, 844);
            browser.driver.get(base + "#/experiment/metrics_live");
            // Up to the last step the server has, whatever the first test got to append.
            awaitChart("T1_us", lastStep("metrics_live", "T1_us"));
            assertFitsWidth("run page");
            double chartWidth = ((Number) browser.js(
                            "return " + CARD_ELEMENT + ".querySelector('canvas').getBoundingClientRect().width",
                            "T1_us"))
                    .doubleValue();
            assertTrue(chartWidth >= 300, "a chart " + chartWidth + " px wide at phone width");
            browser.screenshot("phone-run");
            browser.driver.get(base + "#/compare?runs=metrics_cmp,metrics_live&metric=T1_us&x=step");
            awaitCompare(2);
            assertFitsWidth("compare view");
            browser.screenshot("phone-compare");
        } finally {
            browser.resizeViewport(1280, 900);
        }
    }

    /** uPlot's own speed in this browser: 10 series of 1,000 points, made and redrawn, timed in the page. */
    @Test
    @Order(5)
    void uPlotDrawsTenSeriesOfAThousandPointsQuickly() {
        browser.driver.get(base + "#/");
        browser.awaitJs("the page", LIVE, "return document.readyState === 'complete'");
        Object result = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { default: uPlot } = await import('./uplot/uPlot.esm.js');
                  const n = 1000, k = 10;
                  const xs = Array.from({ length: n }, (_, i) => i);
                  const data = [xs];
                  for (let s = 0; s < k; s++) data.push(xs.map((i) => Math.sin(i / 50 + s) * Math.exp(-i / 700) + s + Math.random() * 0.1));
                  const box = document.createElement('div');
                  box.style.width = '1000px';
                  document.body.appendChild(box);
                  const opts = (onDraw) => ({ width: 1000, height: 300, scales: { x: { time: false } },
                    series: [{}].concat(data.slice(1).map((_, s) => ({ label: 'run ' + s, stroke: '#1f6feb', width: 1.5 }))),
                    hooks: { draw: [onDraw] } });
                  const create = [], update = [];
                  let chart = null;
                  for (let r = 0; r < 7; r++) {
                    if (chart) chart.destroy();
                    const t0 = performance.now();
                    await new Promise((res) => { chart = new uPlot(opts(() => res()), data, box); });
                    create.push(performance.now() - t0);
                  }
                  let drawn = null;
                  chart.hooks.draw.push(() => drawn && drawn());
                  for (let r = 0; r < 7; r++) {
                    const next = data.map((col, i) => (i === 0 ? col : col.map((v) => v + 0.01)));
                    const t0 = performance.now();
                    await new Promise((res) => { drawn = res; chart.setData(next); });
                    update.push(performance.now() - t0);
                  }
                  chart.destroy();
                  box.remove();
                  return { create, update };
                })().then(done, (e) => done({ error: String(e) }));
                """);
        Map<?, ?> times = (Map<?, ?>) result;
        assertNull(times.get("error"), String.valueOf(times.get("error")));
        List<Double> create = millis(times.get("create"));
        List<Double> update = millis(times.get("update"));
        System.out.printf(
                Locale.ROOT,
                "metrics: uPlot, 10 series x 1,000 points, drawn in %.1f ms (median of 7 new charts; first %.1f ms),"
                        + " redrawn by setData in %.1f ms (median of 7) (target <= 100 ms)%n",
                median(create),
                create.get(0),
                median(update));
        assertTrue(median(create) <= 100, "uPlot took " + create + " ms to draw 10 x 1,000 points");
        assertTrue(median(update) <= 100, "uPlot took " + update + " ms to redraw 10 x 1,000 points");
    }

    // ---- runs on disk, in docs/metrics.md's layout ----

    /**
     * Writes a run's status file (naming its log file), its log and an empty metrics file with the
     * log's stem; returns the metrics file. {@code id} is the status file's name without
     * {@code _status.json} (an earlier run of {@code name} has its start stamp in it).
     */
    private static String toJsArray(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static Path writeRun(String id, String name, LocalDateTime start, String state) throws IOException {
        String stem = name + "_" + STAMP.format(start);
        Path monitoring = dataDir.resolve("monitoring");
        Path logs = Files.createDirectories(monitoring.resolve("logs"));
        Path metrics = Files.createDirectories(monitoring.resolve("metrics"));
        Path status = Files.createDirectories(monitoring.resolve("status"));
        Files.writeString(
                logs.resolve(stem + ".log"),
                start.toString().replace('T', ' ') + ",000 - INFO - Monitoring started for experiment '" + name
                        + "'\n");
        Path csv = metrics.resolve(stem + ".csv");
        Files.writeString(csv, "");
        String now = LocalDateTime.now().withNano(0).toString();
        String json = "{\"experiment_name\": " + json(name) + ", \"start_time\": \"" + start + "\", \"last_update\": \""
                + now + "\", \"heartbeat\": \"" + now + "\", \"current_step\": 1, \"total_steps\": 1,"
                + " \"progress_percent\": " + (state.equals("running") ? "50.0" : "100.0") + ", \"status\": \"" + state
                + "\", \"log_file\": " + json(stem + ".log") + ", \"steps\": [], \"messages\": [], \"errors\": []"
                + (state.equals("running") ? "" : ", \"completed_time\": \"" + now + "\"") + "}\n";
        Path tmp = status.resolve("." + id + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, status.resolve(id + "_status.json"), StandardCopyOption.ATOMIC_MOVE);
        return csv;
    }

    /** One line of a metrics file: time (start + step / 2 s) with three decimals, step, name, value. */
    private static String line(LocalDateTime start, long step, String name, String value) {
        double time = start.atZone(ZoneId.systemDefault()).toEpochSecond() + step * 0.5;
        return String.format(Locale.ROOT, "%.3f,%d,%s,%s%n", time, step, name, value)
                .replace("\r\n", "\n");
    }

    /** Whole lines in one append, as writers do. */
    private static void append(Path csv, String lines) throws IOException {
        Files.write(csv, lines.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    // ---- the page ----

    /** The chart card of a metric, in a script whose arguments[0] is its name. */
    private static final String CARD_ELEMENT =
            "Array.from(document.querySelectorAll('#d-metrics .metric')).find(m => m.dataset.metric === arguments[0])";
    /** The card's state object (its chart, zoom, and whether a request is out). */
    private static final String CARD = CARD_ELEMENT + "._card";

    private static String cardSelector(String name) {
        return "#d-metrics .metric[data-metric='" + name + "']";
    }

    /** Waits for the metric's chart to show values up to {@code lastStep}. */
    private static void awaitChart(String name, long lastStep) {
        browser.awaitJs(
                "the chart of " + name + " up to step " + lastStep,
                LIVE,
                "const m = Array.from(document.querySelectorAll('#d-metrics .metric')).find(m => m.dataset.metric === arguments[0]);"
                        + " return !!m && m.dataset.lastStep === arguments[1] && !!m.querySelector('canvas')"
                        + " && !!m.querySelector('.chart').dataset.drawnAt",
                name,
                String.valueOf(lastStep));
    }

    /** The last step of a run's metric, as the API tells it now. */
    private static long lastStep(String id, String name) {
        HttpResponse<String> r = Conditions.get(server.httpPort, "/api/experiments/" + id + "/metrics");
        assertEquals(200, r == null ? 0 : r.statusCode(), Conditions.describe(r));
        try {
            for (JsonNode m : new ObjectMapper().readTree(r.body()).path("metrics")) {
                if (m.path("name").asText().equals(name)) {
                    return m.path("last_step").asLong();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
        throw new AssertionError("no " + name + " in " + r.body());
    }

    private static void awaitCompare(int series) {
        browser.awaitJs(
                "the compare view with " + series + " series and its table",
                LIVE,
                "return !document.getElementById('compare-view').hidden"
                        + " && document.getElementById('c-chart').dataset.series === arguments[0]"
                        + " && !!document.querySelector('#c-chart canvas')"
                        + " && document.querySelectorAll('#c-rows tr').length === Number(arguments[0])",
                String.valueOf(series));
    }

    private static Map<?, ?> scaleX(String name) {
        return (Map<?, ?>) browser.js("const x = " + CARD + ".chart.u.scales.x; return {min: x.min, max: x.max}", name);
    }

    private static List<Double> millis(Object list) {
        return ((List<?>) list).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void markDocument() {
        browser.js("window.__sameDocument = 'still here'");
    }

    private static void assertSameDocument() {
        assertEquals("still here", browser.js("return window.__sameDocument"), "the page was reloaded");
    }

    private static void assertNothingRan() {
        assertNull(browser.js("return window.__xss"), "an injected script ran");
        assertEquals(
                List.of(),
                browser.js(
                        "return Array.from(document.querySelectorAll('img[src=\"x\"], iframe')).map(e => e.outerHTML)"),
                "markup from a run became elements");
    }

    private static void assertFitsWidth(String where) {
        Object overflow = browser.js("const w = document.documentElement.clientWidth;"
                + " return document.documentElement.scrollWidth > w || document.body.scrollWidth > w"
                + " ? document.documentElement.scrollWidth + ' > ' + w + ' px; widest: ' + Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')"
                + " : null");
        assertNull(overflow, "the " + where + " scrolls sideways at phone width");
    }
}

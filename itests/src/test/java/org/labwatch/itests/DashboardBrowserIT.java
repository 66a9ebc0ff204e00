package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.api.ProgressBar;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in real headless Chromium against one boot of the distribution whose data directory
 * starts empty. Experiments are real {@link Monitor}s running in this JVM and writing into the
 * watched directory, as a notebook on the same machine would; within a test, the page is not
 * reloaded after its first load (checked with a marker on {@code window}). Tests run in order: the
 * data directory is empty for the first, and the last restarts the server. Screenshots land in
 * {@code itests/target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledIfSystemProperty(named = Browser.SKIP, matches = "true", disabledReason = "-Dlabwatch.browser.skip=true")
class DashboardBrowserIT {

    private static final Duration BOOT = Duration.ofSeconds(60);
    /** Status writes are batched every 0.5 s and bars persisted every 1 s; SSE is immediate. */
    private static final Duration LIVE = Duration.ofSeconds(10);

    private static final List<String> PAYLOADS = List.of(
            "<img src=x onerror=window.__xss=1>",
            "<script>window.__xss=2</script>",
            "\"><svg onload=window.__xss=3>",
            "</textarea><iframe srcdoc=\"<script>parent.__xss=4</script>\">");

    /** A real plot that would mark itself if its script or handler ran. */
    private static final String SCRIPTED_SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\""
            + " onload=\"document.documentElement.setAttribute('data-ran','onload')\">"
            + "<script>document.documentElement.setAttribute('data-ran','script')</script>"
            + "<rect width=\"40\" height=\"20\" fill=\"#1f77b4\"/></svg>\n";

    @TempDir
    static Path work;

    static Distribution server;
    static Path dataDir;
    static Browser browser;
    static String base;

    @BeforeAll
    static void boot() throws Exception {
        System.setProperty("labwatch.core.echo", "false");
        // First, so that a machine without the browser fails (or skips on request) before a boot.
        browser = Browser.open("DashboardBrowserIT", work, 1280, 900);
        server = Distribution.unpack(work.resolve("server"));
        dataDir = Files.createDirectories(work.resolve("lab data"));
        // The page servlet registers a moment after the API's: a browser sent to "/" before it gets
        // Pax Web's 404, and these tests never reload.
        server.startOn(dataDir, BOOT, "/");
        base = "http://127.0.0.1:" + server.httpPort + "/";
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void emptyDataDirectoryShowsTheEmptyStateThenTheFirstRunWithoutReload() throws IOException {
        browser.driver.get(base);
        WebElement empty = browser.await("the empty state", LIVE, d -> {
            WebElement e = d.findElement(By.id("empty"));
            return e.isDisplayed() ? e : null;
        });
        String text = empty.getText();
        assertTrue(text.contains("No status files found"), text);
        assertTrue(
                text.contains(dataDir.resolve("monitoring/status").toString()),
                "watched directory not shown:\n" + text);
        for (String hint : List.of(
                "Check that the status directory path is correct",
                "Verify that the monitor is actually writing status files",
                "Check file permissions")) {
            assertTrue(text.contains(hint), "hint missing: " + hint + "\n" + text);
        }
        browser.awaitJs(
                "the event stream to be connected",
                LIVE,
                "return document.getElementById('conn').textContent === 'live'");
        browser.screenshot("empty-state");

        markDocument();
        try (Monitor monitor = Monitors.create(dataDir, "first_run")) {
            monitor.updateProgress("Resonator Spectroscopy", 1, 10, "Finding readout frequency...");
            row("first_run");
            assertTrue(
                    !browser.driver.findElement(By.id("empty")).isDisplayed(), "empty state still shown next to a run");
            assertSameDocument();
            monitor.complete("done");
        }
    }

    @Test
    @Order(2)
    void listToExperimentPageFollowsProgressLogAndPlotsLive() throws IOException {
        try (Monitor monitor = Monitors.create(dataDir, "browser_live")) {
            monitor.updateProgress("Resonator Spectroscopy", 1, 4, "Finding readout frequency...");
            monitor.log("log line 0");
            browser.driver.get(base + "#/");
            markDocument();
            WebElement row = row("browser_live");
            assertTrue(row.getText().contains("Step 1/4"), row.getText());
            browser.screenshot("list");

            row.findElement(By.cssSelector("a.row")).click();
            browser.awaitJs(
                    "the experiment page of browser_live",
                    LIVE,
                    "return !document.getElementById('detail-view').hidden"
                            + " && document.getElementById('d-name').textContent === 'browser_live'"
                            + " && document.getElementById('d-percent').textContent.includes('Step 1/4')");

            // A section the reader closed stays closed through updates.
            browser.driver
                    .findElement(By.cssSelector("#sec-messages > summary"))
                    .click();
            monitor.updateProgress("Qubit Calibration", 2, 4, "Calibrating qubit frequency...");
            browser.awaitJs(
                    "step 2/4 without reload",
                    LIVE,
                    "return document.getElementById('d-percent').textContent.includes('Step 2/4 · Qubit Calibration')"
                            + " && document.getElementById('d-progress').value === 50"
                            + " && document.querySelectorAll('#d-steps li').length === 2");
            assertEquals(
                    Boolean.FALSE,
                    browser.js("return document.getElementById('sec-messages').open"),
                    "an update reopened the section the reader closed");
            browser.driver
                    .findElement(By.cssSelector("#sec-messages > summary"))
                    .click();
            String steps = browser.driver.findElement(By.id("d-steps")).getText();
            assertTrue(
                    steps.contains("Resonator Spectroscopy") && steps.contains("Calibrating qubit frequency..."),
                    steps);

            try (ProgressBar shots = monitor.progressBar("Shots", 1000)) {
                shots.stepBy(250);
                browser.awaitJs(
                        "the Shots bar at 250/1000",
                        LIVE,
                        "return document.getElementById('d-bars').textContent.includes('Shots')"
                                + " && document.getElementById('d-bars').textContent.includes('250/1000')");
                shots.stepBy(500);
                browser.awaitJs(
                        "the Shots bar at 750/1000",
                        LIVE,
                        "return document.getElementById('d-bars').textContent.includes('750/1000')");
            }

            // The tail follows: enough new lines to overflow the box, and the newest is in view.
            for (int i = 1; i <= 60; i++) {
                monitor.log("log line " + i);
            }
            browser.awaitJs(
                    "log line 60 in the tail",
                    LIVE,
                    "return Array.from(document.querySelectorAll('#d-log .line')).some(l => l.textContent.endsWith('log line 60'))");
            browser.awaitJs(
                    "the log box scrolled to its newest line",
                    LIVE,
                    "const b = document.getElementById('d-log');"
                            + " return b.scrollHeight > b.clientHeight && b.scrollHeight - b.scrollTop - b.clientHeight < 8");
            // A reader who scrolls up to read is not pulled down by new lines, and is offered the way back.
            browser.js("document.getElementById('d-log').scrollTop = 0");
            monitor.log("log line 61");
            browser.awaitJs(
                    "log line 61 added while the reader is at the top, and the jump button",
                    LIVE,
                    "const b = document.getElementById('d-log');"
                            + " return b.lastElementChild.textContent.endsWith('log line 61') && b.scrollTop === 0"
                            + " && !document.getElementById('log-latest').hidden");
            // Clicked again while it is still shown: on a loaded machine a click can land where the
            // button was a moment before (seen once in CI: the page unchanged, the button still there).
            browser.await("the log back at its newest line after clicking the jump button", LIVE, d -> {
                WebElement latest = d.findElement(By.id("log-latest"));
                if (latest.isDisplayed()) {
                    latest.click();
                }
                return Boolean.TRUE.equals(
                                browser.js(
                                        "const b = document.getElementById('d-log');"
                                                + " return b.scrollHeight - b.scrollTop - b.clientHeight < 8 && document.getElementById('log-latest').hidden"))
                        ? true
                        : null;
            });

            monitor.savePlot(plot(320, 200), "rabi_oscillation");
            WebElement img = browser.await("the plot in the gallery, decoded", LIVE, d -> {
                List<WebElement> imgs = d.findElements(By.cssSelector("#d-plots img[alt='rabi_oscillation.png']"));
                return !imgs.isEmpty()
                                && Boolean.TRUE.equals(browser.js(
                                        "return arguments[0].complete && arguments[0].naturalWidth === 320",
                                        imgs.get(0)))
                        ? imgs.get(0)
                        : null;
            });
            assertEquals(200L, ((Number) browser.js("return arguments[0].naturalHeight", img)).longValue());
            img.click();
            browser.awaitJs(
                    "the full-size viewer with the plot",
                    LIVE,
                    "const v = document.getElementById('viewer'), i = document.getElementById('viewer-img');"
                            + " return v.open && i.complete && i.naturalWidth === 320");
            browser.screenshot("plot-viewer");
            browser.driver
                    .findElement(By.cssSelector("#viewer button[type=submit]"))
                    .click();
            browser.awaitJs("the viewer closed", LIVE, "return !document.getElementById('viewer').open");

            monitor.complete("All experiments completed!");
            browser.awaitJs(
                    "the completed state and final message",
                    LIVE,
                    "return document.getElementById('d-state').textContent === 'completed'"
                            + " && document.getElementById('d-final').textContent === 'All experiments completed!'");
            browser.awaitJs(
                    "the full status of the completed run (no step still running)",
                    LIVE,
                    "return document.getElementById('d-messages').textContent.includes('All experiments completed!')"
                            + " && document.querySelector('#d-steps li.current') === null");
            browser.screenshot("experiment");
            assertSameDocument();
        }
        // Clicked from the top of the page: scrolled into view, the link sits under the sticky bar.
        browser.js("window.scrollTo(0, 0)");
        browser.driver.findElement(By.linkText("← All experiments")).click();
        WebElement row = row("browser_live");
        browser.await(
                "the latest plot as the row's thumbnail",
                LIVE,
                d -> Boolean.TRUE.equals(browser.js(
                                "const t = arguments[0].querySelector('img.thumb'); return !t.hidden && t.complete && t.naturalWidth === 320",
                                row))
                        ? row
                        : null);
        assertSameDocument();
    }

    @Test
    @Order(3)
    void userTextWithMarkupIsShownAsTextAndNeverRuns() throws IOException {
        String p0 = PAYLOADS.get(0);
        String p1 = PAYLOADS.get(1);
        String p2 = PAYLOADS.get(2);
        String p3 = PAYLOADS.get(3);
        try (Monitor monitor = Monitors.create(dataDir, "browser_xss")) {
            monitor.updateProgress(p0, 1, 2, p1);
            monitor.log(p2);
            monitor.warn(p3);
            monitor.error(p1, new IllegalStateException(p0));
            try (ProgressBar bar = monitor.progressBar(p2, 10)) {
                bar.setMessage(p3);
                bar.stepBy(3);
            }
            monitor.savePlot(SCRIPTED_SVG.getBytes(java.nio.charset.StandardCharsets.UTF_8), "scripted");
            monitor.complete(p0);
        }
        // A file written by hand (or by the seed's Python tool) may put anything in its name.
        String handName = p0 + " " + p1;
        Path statusDir = dataDir.resolve("monitoring/status");
        Files.writeString(statusDir.resolve("handwritten_status.json.tmp"), seedStatus(handName, p2, p3));
        Files.move(
                statusDir.resolve("handwritten_status.json.tmp"),
                statusDir.resolve("handwritten_status.json"),
                StandardCopyOption.ATOMIC_MOVE);

        // A plot file another writer named with markup (legal on Linux); a seed status names no
        // plots, so the whole plots directory is the hand-written run's gallery.
        String plotName = PAYLOADS.get(0) + ".png";
        Path plotsDir = Files.createDirectories(dataDir.resolve("monitoring/plots"));
        javax.imageio.ImageIO.write(
                plot(60, 40), "png", plotsDir.resolve(plotName).toFile());

        browser.driver.get(base + "#/");
        WebElement hand = row(handName);
        assertEquals(handName, hand.findElement(By.cssSelector(".name")).getText());
        assertNothingRan();
        browser.screenshot("xss-list");

        browser.driver.get(base + "#/experiment/browser_xss");
        browser.awaitJs(
                "the page of browser_xss with its errors",
                LIVE,
                "return document.getElementById('d-name').textContent === 'browser_xss'"
                        + " && document.querySelectorAll('#d-errors details').length === 1"
                        + " && document.querySelectorAll('#d-log .line').length >= 3");
        // Open the stack trace, so its text is rendered too.
        browser.driver.findElement(By.cssSelector("#d-errors details summary")).click();
        String page = browser.driver.findElement(By.tagName("body")).getText();
        for (Map.Entry<String, String> shown : Map.of(
                        "step name",
                        p0,
                        "step message",
                        p1,
                        "log line",
                        p2,
                        "warning",
                        p3,
                        "error message",
                        p1,
                        "final message",
                        p0,
                        "bar description",
                        p2)
                .entrySet()) {
            assertTrue(
                    page.contains(shown.getValue()),
                    shown.getKey() + " not shown as text: " + shown.getValue() + "\n" + page);
        }
        String trace =
                browser.driver.findElement(By.cssSelector("#d-errors pre")).getText();
        assertTrue(trace.contains("IllegalStateException: " + p0), trace);
        assertNothingRan();
        browser.screenshot("xss-experiment");

        browser.awaitJs(
                "the scripted SVG in the gallery, drawn",
                LIVE,
                "const i = document.querySelector('#d-plots img[alt=\"scripted.svg\"]'); return i && i.complete && i.naturalWidth === 40");
        assertNothingRan();
        // Opened on its own (the viewer's "Open" link), the SVG is a document, and its script stays inert.
        browser.driver.get(base + "api/experiments/browser_xss/plots/scripted.svg");
        assertEquals(
                "svg",
                browser.awaitJs(
                        "the SVG document",
                        LIVE,
                        "return document.readyState === 'complete' && document.documentElement.localName"));
        assertNull(browser.js("return document.documentElement.getAttribute('data-ran')"), "the SVG's script ran");

        browser.driver.get(base + "#/experiment/handwritten");
        browser.awaitJs(
                "the hand-written page",
                LIVE,
                "return document.getElementById('d-name').textContent === arguments[0]"
                        + " && document.getElementById('d-steps').textContent.includes(arguments[1])",
                handName,
                p2);
        page = browser.driver.findElement(By.tagName("body")).getText();
        assertTrue(page.contains(p3), page);
        // An error without stack trace reads as written (rendered text, so styling counts too).
        assertEquals(p2, browser.js("return document.querySelector('#d-errors li').lastElementChild.innerText"));
        WebElement markupPlot = browser.await(
                "the plot named with markup, drawn",
                LIVE,
                d -> d.findElements(By.cssSelector("#d-plots figure")).stream()
                        .filter(f -> f.findElement(By.tagName("figcaption"))
                                        .getText()
                                        .startsWith(plotName)
                                && Boolean.TRUE.equals(browser.js(
                                        "const i = arguments[0].querySelector('img'); return i.complete && i.naturalWidth === 60",
                                        f)))
                        .findFirst()
                        .orElse(null));
        markupPlot.findElement(By.tagName("button")).click();
        browser.awaitJs(
                "the viewer titled with the plot's name as text",
                LIVE,
                "return document.getElementById('viewer').open && document.getElementById('viewer-name').textContent === arguments[0]",
                plotName);
        assertNothingRan();
        browser.screenshot("xss-plot-name");
        browser.driver
                .findElement(By.cssSelector("#viewer button[type=submit]"))
                .click();
    }

    @Test
    @Order(4)
    void phoneWidthNeedsNoHorizontalScroll() throws IOException {
        String name = "phone check with a long experiment name (2026-11-28 overnight T1 sweep)";
        try (Monitor monitor = Monitors.create(dataDir, name)) {
            monitor.updateProgress(
                    "Two-tone spectroscopy of the readout resonator",
                    3,
                    7,
                    "writing /srv/experiments/2026/11/28/qubit_A/overnight_sweep/raw/iq_points_shot_000001.npz");
            monitor.log("no_spaces_" + "x".repeat(200));
            monitor.error("Fit did not converge", new IllegalStateException("chi2=" + "9".repeat(150)));
            try {
                browser.resizeViewport(390, 844);
                browser.driver.get(base + "#/");
                WebElement row = row(name);
                assertFitsWidth("list");
                WebElement title = row.findElement(By.cssSelector(".name"));
                assertTrue(title.isDisplayed() && title.getText().equals(name), title.getText());
                double font = ((Number) browser.js("return parseFloat(getComputedStyle(arguments[0]).fontSize)", title))
                        .doubleValue();
                assertTrue(font >= 14, "name in a " + font + " px font at phone width");
                browser.screenshot("phone-list");

                row.findElement(By.cssSelector("a.row")).click();
                browser.awaitJs(
                        "the phone experiment page with its log",
                        LIVE,
                        "return document.getElementById('d-name').textContent === arguments[0]"
                                + " && document.querySelectorAll('#d-log .line').length > 0",
                        name);
                browser.driver
                        .findElement(By.cssSelector("#d-errors details summary"))
                        .click();
                assertFitsWidth("experiment page");
                browser.screenshot("phone-experiment");
            } finally {
                browser.resizeViewport(1280, 900);
            }
        }
    }

    @Test
    @Order(5)
    void seedWrittenRunIsShownStaleWithItsLogAsTheFileHasIt() throws IOException {
        // The Python tool's documented example status, verbatim, and a log in Python logging's format.
        Files.writeString(dataDir.resolve("monitoring/status/autocalibration_status.json"), """
                {
                  "experiment_name": "autocalibration",
                  "start_time": "2025-01-01T12:00:00",
                  "last_update": "2025-01-01T12:30:00",
                  "current_step": 5,
                  "total_steps": 10,
                  "progress_percent": 50.0,
                  "status": "running",
                  "steps": [
                    {
                      "name": "Resonator Spectroscopy",
                      "step_number": 1,
                      "timestamp": "2025-01-01T12:05:00",
                      "message": "Finding readout frequency..."
                    }
                  ],
                  "messages": [
                    {
                      "timestamp": "2025-01-01T12:05:00",
                      "level": "info",
                      "message": "Starting resonator spectroscopy..."
                    }
                  ],
                  "errors": []
                }
                """);
        Files.writeString(dataDir.resolve("monitoring/logs/autocalibration_20250101_120000.log"), """
                2025-01-01 12:00:00,200 - INFO - Starting resonator spectroscopy...
                2025-01-01 12:05:00,000 - WARNING - Fridge temperature drifting
                2025-01-01 12:30:00,345 - INFO - Step 5 of 10
                """);
        browser.driver.get(base + "#/");
        WebElement row = row("autocalibration");
        assertEquals("stale", row.findElement(By.cssSelector(".badge")).getText());
        assertTrue(row.getText().contains("no sign of life for"), row.getText());

        row.findElement(By.cssSelector("a.row")).click();
        Object times = browser.awaitJs(
                "the three log lines of the seed's run",
                LIVE,
                "const t = Array.from(document.querySelectorAll('#d-log .line .when')).map(w => w.textContent);"
                        + " return t.length === 3 ? t : null");
        assertEquals(List.of("2025-01-01 12:00:00.200", "2025-01-01 12:05:00.000", "2025-01-01 12:30:00.345"), times);
        String steps = browser.driver.findElement(By.id("d-steps")).getText();
        assertTrue(steps.contains("Resonator Spectroscopy"), steps);
        browser.screenshot("seed-run");
    }

    @Test
    @Order(6)
    void aPanelBundleDroppedIntoDeployAppearsOnTheOpenPageAndGoesWhenRemoved() throws IOException {
        Path panelJar =
                Path.of(System.getProperty("labwatch.panelBundle", "target/distribution/labwatch-panel-numbers.jar"));
        assertTrue(Files.isRegularFile(panelJar), "no example panel bundle at " + panelJar);
        Path deployed = server.home.resolve("deploy/labwatch-panel-numbers.jar");
        try (Monitor monitor = Monitors.create(dataDir, "browser_panel")) {
            monitor.updateProgress("T1 measurement", 1, 2, "Measuring T1");
            monitor.log("Fit: T1 = 45.2 us");
            monitor.log("Readout fidelity: 0.987");
            browser.driver.get(base + "#/experiment/browser_panel");
            browser.awaitJs(
                    "the page of browser_panel with its messages",
                    LIVE,
                    "return document.getElementById('d-name').textContent === 'browser_panel'"
                            + " && document.getElementById('d-messages').textContent.includes('Readout fidelity: 0.987')");
            assertNull(
                    browser.js("return document.querySelector('[data-panel-id=numbers]')"),
                    "panel shown before its bundle");
            markDocument();

            // Moved in whole, so Karaf's deploy/ watcher never sees half a jar.
            Files.move(
                    Files.copy(panelJar, work.resolve("panel-to-deploy.jar")),
                    deployed,
                    StandardCopyOption.ATOMIC_MOVE);
            Object rows = browser.awaitJs(
                    "the numbers panel on the open page",
                    Duration.ofSeconds(30),
                    "const p = document.querySelector('#detail-view [data-panel-id=numbers]');"
                            + " if (!p) return null;"
                            + " const rows = Array.from(p.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).slice(0, 3).map(c => c.textContent).join(' '));"
                            + " return rows.length === 2 ? rows : null");
            assertEquals(List.of("T1 45.2 us", "Readout fidelity 0.987 "), rows);
            assertEquals(
                    "Numbers in messages",
                    browser.js("return document.querySelector('[data-panel-id=numbers] > summary').textContent"));
            assertEquals(
                    Boolean.TRUE,
                    browser.js("const m = document.getElementById('sec-messages'),"
                            + " p = document.querySelector('[data-panel-id=numbers]'), e = document.getElementById('sec-errors');"
                            + " return !!(m.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING)"
                            + " && !!(p.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)"),
                    "the panel is not between messages and errors");

            monitor.log("Fit: T1 = 47.8 us");
            browser.awaitJs(
                    "the panel following the run (T1 now 47.8, seen twice)",
                    LIVE,
                    "const r = document.querySelector('[data-panel-id=numbers] tbody tr');"
                            + " return r && r.cells[1].textContent === '47.8' && r.cells[3].textContent === '2'");
            assertNothingRan();
            browser.screenshot("panel");

            Files.delete(deployed);
            browser.awaitJs(
                    "the numbers panel gone from the open page",
                    Duration.ofSeconds(30),
                    "return document.querySelector('[data-panel-id=numbers]') === null");
            assertTrue(
                    browser.driver.findElement(By.id("sec-messages")).isDisplayed(),
                    "the page's own sections went too");
            assertSameDocument();
            monitor.complete("done");
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    @Test
    @Order(9)
    void anOpenPageSaysTheServerIsGoneAndCatchesUpWhenItIsBack() throws Exception {
        try (Monitor monitor = Monitors.create(dataDir, "browser_restart")) {
            monitor.updateProgress("Rabi", 1, 3, "before the restart");
            browser.driver.get(base + "#/experiment/browser_restart");
            browser.awaitJs(
                    "the page, live",
                    LIVE,
                    "return document.getElementById('d-percent').textContent.includes('Step 1/3')"
                            + " && document.getElementById('conn').textContent === 'live'");
            markDocument();

            server.close();
            String state = (String) browser.awaitJs(
                    "the page to say it lost the server",
                    LIVE,
                    "const c = document.getElementById('conn'); return c.textContent !== 'live' && c.textContent");
            // Said as the server's absence, so nobody takes it for the run's.
            browser.awaitJs(
                    "the banner to say the server does not answer",
                    LIVE,
                    "const b = document.getElementById('banner'); return !b.hidden && b.textContent.includes('the labwatch server does not answer')");
            browser.screenshot("server-gone");
            // The run goes on while nobody serves it; its files are the truth.
            monitor.updateProgress("Ramsey", 2, 3, "while the server was down");
            monitor.log("logged while the server was down");

            long start = System.nanoTime();
            server.start();
            browser.awaitJs(
                    "the page to catch up with step 2/3 (after '" + state + "')",
                    Duration.ofSeconds(60),
                    "return document.getElementById('d-percent').textContent.includes('Step 2/3 · Ramsey')"
                            + " && Array.from(document.querySelectorAll('#d-log .line')).some(l => l.textContent.endsWith('logged while the server was down'))");
            long caughtUp = (System.nanoTime() - start) / 1_000_000;
            assertEquals(
                    Boolean.TRUE,
                    browser.js("return document.getElementById('banner').hidden"),
                    "the banner stayed after the server came back");
            // Within a few seconds of the server answering again, not after a long fixed back-off.
            browser.awaitJs(
                    "the event stream live again",
                    Duration.ofSeconds(10),
                    "return document.getElementById('conn').textContent === 'live'");
            System.out.println("browser: lost server shown as '" + state + "'; caught up " + caughtUp
                    + " ms after the restart began, live again after " + (System.nanoTime() - start) / 1_000_000
                    + " ms");
            monitor.updateProgress("T1", 3, 3, "after the restart");
            browser.awaitJs(
                    "step 3/3 pushed live",
                    LIVE,
                    "return document.getElementById('d-percent').textContent.includes('Step 3/3 · T1')");
            assertSameDocument();
            monitor.complete("done");
        }
    }

    @Test
    @Order(8)
    void theListPagesPastAHundredAndKeepsItsFilterThroughUpdates() throws IOException {
        Path statusDir = dataDir.resolve("monitoring/status");
        for (int i = 0; i < 105; i++) {
            writeAtomically(
                    statusDir.resolve(String.format("bulk_%03d_status.json", i)),
                    bulkStatus(String.format("bulk_%03d", i), "completed"));
        }
        browser.driver.get(base + "#/");
        String pageInfo = (String)
                browser.awaitJs(
                        "the first page of 100",
                        LIVE,
                        "const t = document.getElementById('page-info').textContent;"
                                + " return document.querySelectorAll('#experiments li.exp').length === 100 && /^1–100 of \\d+$/.test(t) && t");
        long total = Long.parseLong(pageInfo.replaceAll(".* of ", ""));
        assertTrue(total >= 105, pageInfo);
        markDocument();
        browser.driver.findElement(By.id("next")).click();
        browser.awaitJs(
                "the second page",
                LIVE,
                "return document.getElementById('page-info').textContent === arguments[0]"
                        + " && document.querySelectorAll('#experiments li.exp').length === arguments[1]",
                "101–" + total + " of " + total,
                total - 100);

        browser.driver.findElement(By.id("q")).sendKeys("bulk_10");
        browser.awaitJs(
                "only the 5 runs matching bulk_10 (bulk_100 to bulk_104)",
                LIVE,
                "const names = Array.from(document.querySelectorAll('#experiments .name')).map(n => n.textContent);"
                        + " return names.length === 5 && names.every(n => n.includes('bulk_10'))"
                        + " && document.getElementById('counts').textContent.includes('5 shown by the filter')");
        browser.screenshot("list-filtered");

        // Runs change under the filter: the matching one is updated in place, the other stays out.
        writeAtomically(statusDir.resolve("bulk_103_status.json"), bulkStatus("bulk_103", "running"));
        try (Monitor other = Monitors.create(dataDir, "browser_unfiltered")) {
            other.updateProgress("Unrelated", 1, 2, "not matching the filter");
            WebElement updated = row("bulk_103");
            browser.await(
                    "bulk_103 shown running",
                    LIVE,
                    d -> "running"
                                    .equals(updated.findElement(By.cssSelector(".badge"))
                                            .getText())
                            ? true
                            : null);
            browser.awaitJs(
                    "the counts to include the new run",
                    LIVE,
                    "return document.getElementById('counts').textContent.startsWith(arguments[0] + ' experiments')",
                    total + 1);
            assertEquals("bulk_10", browser.driver.findElement(By.id("q")).getAttribute("value"));
            assertEquals(
                    5L,
                    ((Number) browser.js("return document.querySelectorAll('#experiments li.exp').length"))
                            .longValue());
            assertTrue(
                    browser.driver.findElements(By.cssSelector("#experiments .name")).stream()
                            .noneMatch(n -> n.getText().equals("browser_unfiltered")),
                    "a run outside the filter is listed");
            assertSameDocument();
            other.complete("done");
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String bulkStatus(String name, String status) {
        String now = java.time.LocalDateTime.now().withNano(0).toString();
        return "{\"experiment_name\": \"" + name + "\", \"start_time\": \"" + now + "\", \"last_update\": \"" + now
                + "\", \"current_step\": 1, \"total_steps\": 2, \"progress_percent\": 50.0, \"status\": \"" + status
                + "\", \"steps\": [], \"messages\": [], \"errors\": []}\n";
    }

    /** The list row of the experiment shown as {@code name}, once it is there. */
    private static WebElement row(String name) {
        return browser.await(
                "a row for " + name + " in the list",
                LIVE,
                d -> d.findElements(By.cssSelector("#experiments li.exp")).stream()
                        .filter(li -> name.equals(
                                li.findElement(By.cssSelector(".name")).getText()))
                        .findFirst()
                        .orElse(null));
    }

    private static void markDocument() {
        browser.js("window.__sameDocument = 'still here'");
    }

    private static void assertSameDocument() {
        assertEquals("still here", browser.js("return window.__sameDocument"), "the page was reloaded");
    }

    private static void assertNothingRan() {
        assertNull(browser.js("return window.__xss"), "an injected script ran");
        Object injected =
                browser.js("return Array.from(document.querySelectorAll('img[src=\"x\"], svg, iframe, script'))"
                        // The page's own scripts (app.js, panels.js, a panel's script.js) are files from the server.
                        + ".filter(e => !(e.tagName === 'SCRIPT' && e.src && new URL(e.src).origin === location.origin && !e.text))"
                        + ".map(e => e.outerHTML)");
        assertEquals(List.of(), injected, "markup from experiment text became elements");
    }

    private static void assertFitsWidth(String where) {
        browser.awaitJs("layout to settle", LIVE, "return document.readyState === 'complete'");
        Object overflow = browser.js("const w = document.documentElement.clientWidth;"
                + " return document.documentElement.scrollWidth > w || document.body.scrollWidth > w"
                + " ? document.documentElement.scrollWidth + ' > ' + w + ' px; widest: ' + Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')"
                + " : null");
        assertNull(overflow, "the " + where + " scrolls sideways at phone width");
    }

    private static BufferedImage plot(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x1f77b4));
        for (int x = 1; x < width; x++) {
            int y0 = (int) (height / 2 - 0.4 * height * Math.cos((x - 1) / 20.0) * Math.exp(-(x - 1) / 250.0));
            int y1 = (int) (height / 2 - 0.4 * height * Math.cos(x / 20.0) * Math.exp(-x / 250.0));
            g.drawLine(x - 1, y0, x, y1);
        }
        g.dispose();
        return image;
    }

    /** The seed's status format with the given texts, written as that tool would write it. */
    private static String seedStatus(String name, String stepName, String message) {
        String now = java.time.LocalDateTime.now().withNano(0).toString();
        return "{\n  \"experiment_name\": " + json(name) + ",\n  \"start_time\": \"" + now
                + "\",\n  \"last_update\": \"" + now
                + "\",\n  \"current_step\": 1,\n  \"total_steps\": 2,\n  \"progress_percent\": 50.0,\n  \"status\": \"running\",\n"
                + "  \"steps\": [{\"name\": " + json(stepName) + ", \"step_number\": 1, \"timestamp\": \"" + now
                + "\", \"message\": " + json(message) + "}],\n  \"messages\": [{\"timestamp\": \"" + now
                + "\", \"level\": \"info\", \"message\": " + json(message) + "}],\n  \"errors\": [{\"timestamp\": \""
                + now
                + "\", \"message\": " + json(stepName) + "}]\n}\n";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

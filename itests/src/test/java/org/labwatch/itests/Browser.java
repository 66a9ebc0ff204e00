package org.labwatch.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver. Both binaries are given to
 * Selenium by path, so Selenium Manager is never asked for a driver or a browser (nothing may be
 * downloaded at test time); a machine without them fails with what to install. Browser test
 * classes carry {@link #SKIP}'s annotation, so a developer can opt out with
 * {@code -Dlabwatch.browser.skip=true}, and only explicitly.
 */
final class Browser implements AutoCloseable {

    /** The system property that skips every browser test class. */
    static final String SKIP = "labwatch.browser.skip";

    static final Path CHROMIUM = Path.of(System.getProperty("labwatch.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("labwatch.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("labwatch.screenshots", "target/screenshots"));

    /**
     * Put into every page before its own scripts: notes each request the page makes and its answer's
     * status, each server-sent event it is given, and uncaught errors, with the time, for a failed
     * wait to report (what the page asked and heard, not only what it shows). It only watches:
     * requests, answers and events reach the page unchanged.
     */
    private static final String TRACE = """
            (() => {
              const trace = [];
              window.__labwatchTrace = trace;
              const note = (what) => { trace.push(new Date().toISOString().slice(11, 23) + ' ' + what); if (trace.length > 300) trace.shift(); };
              window.addEventListener('error', (e) => note('error ' + e.message));
              window.addEventListener('unhandledrejection', (e) => note('unhandled rejection ' + e.reason));
              const fetch = window.fetch;
              window.fetch = function (url) {
                note('GET ' + url);
                return fetch.apply(this, arguments).then(
                  (r) => { note(r.status + ' ' + url); return r; },
                  (e) => { note('failed ' + url + ': ' + e); throw e; });
              };
              const add = EventSource.prototype.addEventListener;
              EventSource.prototype.addEventListener = function (type, listener, options) {
                return add.call(this, type, function (ev) {
                  note('event ' + type + (ev.data ? ' ' + String(ev.data).slice(0, 160) : ''));
                  return listener.apply(this, arguments);
                }, options);
              };
            })();
            """;

    final ChromeDriver driver;
    private final String name;

    private Browser(ChromeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    /** A browser with a profile of its own under {@code work}, so no test class sees another's state. */
    static Browser open(String name, Path work, int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install -y chromium chromium-driver; .ci/run does that)."
                    + " To run the other tests without them: mvn -B verify -Dlabwatch.browser.skip=true");
        }
        Path profile = Files.createDirectories(work.resolve("chromium-profile-" + name));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Debian's Chromium as root in a closed network: headless as root, and none of
        // the background traffic that this closed network refuses.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver-" + name + ".log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", TRACE));
        Browser browser = new Browser(driver, name);
        browser.resizeViewport(width, height);
        return browser;
    }

    /**
     * Makes the page's viewport (not the window, whose frame headless Chromium may count) exactly
     * {@code width} x {@code height} CSS pixels.
     */
    void resizeViewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long innerWidth = ((Number) js("return window.innerWidth")).longValue();
        long innerHeight = ((Number) js("return window.innerHeight")).longValue();
        driver.manage()
                .window()
                .setSize(new Dimension(width + (int) (width - innerWidth), height + (int) (height - innerHeight)));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Polls a script until it returns a value that is neither null nor false. */
    Object awaitJs(String what, Duration timeout, String script, Object... args) {
        return Conditions.await(
                what,
                timeout,
                () -> {
                    Object value = js(script, args);
                    return value == null || Boolean.FALSE.equals(value) ? null : value;
                },
                () -> describePage());
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return Conditions.await(what, timeout, () -> condition.apply(driver), this::describePage);
    }

    /** What a failed wait reports: where the page is, what it shows, and what it asked and heard lately. */
    String describePage() {
        try {
            Object text = js("return location.href + '\\n' + document.body.innerText");
            Object trace = js("return (window.__labwatchTrace || []).slice(-80).join('\\n')");
            Path shot = screenshot("failed-wait");
            return text + "\n(screenshot " + shot + ")\nThe page's latest requests, answers and events:\n" + trace;
        } catch (RuntimeException | IOException e) {
            return "(page not readable: " + e + ")";
        }
    }

    /**
     * Saves the whole page, not only the part in view, as {@code <class name>-<label>.png} for a
     * human to look at: the window is made as tall as the page for the shot, then put back.
     */
    Path screenshot(String label) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + "-" + label + ".png");
        Dimension window = driver.manage().window().getSize();
        long pageHeight =
                ((Number) js("return Math.max(document.documentElement.scrollHeight, window.innerHeight)")).longValue();
        long chrome = window.getHeight() - ((Number) js("return window.innerHeight")).longValue();
        Object scrolled = js("const y = window.scrollY; window.scrollTo(0, 0); return y");
        try {
            if (pageHeight + chrome > window.getHeight()) {
                driver.manage().window().setSize(new Dimension(window.getWidth(), (int)
                        Math.min(pageHeight + chrome, 8000)));
            }
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(window);
            js("window.scrollTo(0, arguments[0])", scrolled);
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package org.labwatch.itests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import javax.imageio.ImageIO;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * The experiment of {@link RemoteRunsIT}, run as a JVM of its own the way a lab runs one on the
 * instrument PC: a plain {@code main} that uses the client library through {@link Monitors}, with
 * {@code LABWATCH_SERVER} and {@code LABWATCH_TOKEN} in its environment so that the core ships the
 * run while it goes. It writes {@code lines} log lines (and a metric value with each) at a steady rate, a progress step every
 * {@code lines / steps} lines, {@code plots} small PNGs spread over the run, then completes.
 *
 * <p>Arguments: {@code EXPT_DIR NAME LINES INTERVAL_MS STEPS PLOTS OUT_DIR}. Into {@code OUT_DIR}
 * it writes {@code sent.txt} (a line {@code <index> <System.nanoTime()>} just before each
 * {@code log} call: on Linux the monotonic clock is the machine's, so the test's JVM can compare it
 * with when an event arrived), {@code progress.txt} (the index of the last line logged, rewritten
 * as it goes, for a test that acts mid-run) and {@code exceptions.txt} (every exception a monitor
 * call threw or any thread left uncaught; there must be none). Exits 0 when there was none, 3
 * otherwise.
 */
public final class RemoteClientMain {

    private static final List<String> EXCEPTIONS = Collections.synchronizedList(new ArrayList<>());

    private RemoteClientMain() {}

    /** The message of log line {@code i}; {@link RemoteRunsIT} finds it in events by this text. */
    static String message(int i, int lines) {
        return String.format("tick %05d of %05d: measured %.6f", i, lines, Math.sin(i) * 1e-3);
    }

    public static void main(String[] args) throws Exception {
        Path exptDir = Path.of(args[0]);
        String name = args[1];
        int lines = Integer.parseInt(args[2]);
        long intervalNanos = Long.parseLong(args[3]) * 1_000_000L;
        int steps = Integer.parseInt(args[4]);
        int plots = Integer.parseInt(args[5]);
        Path out = Files.createDirectories(Path.of(args[6]));
        Path sent = out.resolve("sent.txt");
        Path progress = out.resolve("progress.txt");
        Files.deleteIfExists(sent);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> record("uncaught in " + t.getName(), e));

        StringBuilder sentLines = new StringBuilder();
        Monitor monitor = call("Monitors.create", () -> Monitors.create(exptDir, name));
        if (monitor != null) {
            int perStep = Math.max(1, lines / Math.max(1, steps));
            int perPlot = Math.max(1, lines / (plots + 1));
            int plotsSaved = 0;
            long next = System.nanoTime();
            for (int i = 1; i <= lines; i++) {
                // The steady rate: wait for this line's moment (the client's own pace, not a test's synchronisation).
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                next += intervalNanos;
                String message = message(i, lines);
                sentLines.append(i).append(' ').append(System.nanoTime()).append('\n');
                call("log", () -> {
                    monitor.log(message);
                    return null;
                });
                int tick = i;
                call("metric", () -> {
                    // So that the run has a metrics file for the mirror comparison too.
                    monitor.metric("tick/measured", Math.sin(tick) * 1e-3);
                    return null;
                });
                if (i % perStep == 0 && i / perStep <= steps) {
                    int step = i / perStep;
                    call("updateProgress", () -> {
                        monitor.updateProgress("Step " + step, step, steps, "finished " + step + " of " + steps);
                        return null;
                    });
                }
                if (i % perPlot == 0 && plotsSaved < plots) {
                    int plot = ++plotsSaved;
                    byte[] png = png(plot);
                    call("savePlot", () -> monitor.savePlot(png, "scan_" + plot + ".png"));
                }
                if (i % 10 == 0 || i == lines) {
                    Files.writeString(sent, sentLines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    sentLines.setLength(0);
                    Files.writeString(progress, Integer.toString(i));
                }
            }
            call("complete", () -> {
                monitor.complete("All " + lines + " ticks measured");
                return null;
            });
            call("close", () -> {
                monitor.close();
                return null;
            });
        }
        StringBuilder report = new StringBuilder();
        synchronized (EXCEPTIONS) {
            EXCEPTIONS.forEach(e -> report.append(e).append('\n'));
        }
        Files.writeString(out.resolve("exceptions.txt"), report);
        System.out.println("remote client: done, " + EXCEPTIONS.size() + " exception(s)");
        if (!EXCEPTIONS.isEmpty()) {
            System.exit(3);
        }
        // Otherwise main returns, as an experiment's does: what labwatch still runs decides when the JVM ends.
    }

    /** A small PNG, different for every {@code n}. */
    static byte[] png(int n) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(new Color((n * 70) % 256, (n * 130) % 256, (n * 200) % 256));
        for (int x = 0; x < 64; x++) {
            int y = 24 + (int) (20 * Math.sin((x + n * 7) / 8.0));
            g.fillRect(x, y, 1, 2);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (Throwable e) {
            record(what, e);
            return null;
        }
    }

    private static void record(String what, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        EXCEPTIONS.add(what + ": " + trace);
        System.err.println("remote client: " + what + " threw " + e);
        System.err.flush();
    }
}

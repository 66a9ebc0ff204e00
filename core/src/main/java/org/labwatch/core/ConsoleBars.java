package org.labwatch.core;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.labwatch.internal.config.Configs;

/**
 * Draws every running bar of the process on the console, from the timer thread. On a terminal
 * the block of bars is redrawn in place (one line per bar, nested bars below their parent); on
 * anything else (a notebook kernel, a log file, CI) a plain line per bar at most every
 * {@code progressPlainIntervalMs} and at the end, instead of carriage-return spam.
 */
final class ConsoleBars {

    enum Mode {
        TERMINAL,
        PLAIN,
        OFF
    }

    private static final System.Logger LOG = System.getLogger(ConsoleBars.class.getName());

    private final List<Bar> shown = new ArrayList<>();
    private final Map<Bar, Long> lastPlain = new HashMap<>();
    private Mode mode;
    private PrintStream stream;
    private long minIntervalNanos;
    private long plainIntervalNanos;
    private int linesDrawn;
    private long lastDraw;

    ConsoleBars(CoreConfig config, PrintStream err, PrintStream out) {
        configure(config, err, out);
    }

    synchronized void configure(CoreConfig config, PrintStream err, PrintStream out) {
        // A misspelt setting falls back to the default, as if it were not set, and says so.
        CoreConfig.ProgressConsole console = Configs.orElse(
                config::progressConsole,
                CoreConfig.ProgressConsole.auto,
                problem -> LOG.log(
                        System.Logger.Level.ERROR,
                        "org.labwatch.core: progressConsole is not one of auto,"
                                + " terminal, plain, off, written exactly so (" + problem + "); auto is used"));
        mode = switch (console) {
            case terminal -> Mode.TERMINAL;
            case plain -> Mode.PLAIN;
            case off -> Mode.OFF;
            case auto -> System.console() != null ? Mode.TERMINAL : Mode.PLAIN;
        };
        CoreConfig.ProgressStream to = Configs.orElse(
                config::progressStream,
                CoreConfig.ProgressStream.stderr,
                problem -> LOG.log(
                        System.Logger.Level.ERROR,
                        "org.labwatch.core: progressStream is neither stderr nor" + " stdout, written exactly so ("
                                + problem + "); stderr is used"));
        stream = to == CoreConfig.ProgressStream.stdout ? out : err;
        minIntervalNanos = config.progressMinIntervalMs() * 1_000_000L;
        plainIntervalNanos = config.progressPlainIntervalMs() * 1_000_000L;
    }

    synchronized void show(Bar bar) {
        if (mode == Mode.OFF) {
            return;
        }
        shown.add(bar);
        lastPlain.put(bar, bar.startNanos);
    }

    synchronized void ended(Bar bar) {
        if (!shown.remove(bar)) {
            return;
        }
        lastPlain.remove(bar);
        long now = System.nanoTime();
        if (mode == Mode.PLAIN) {
            stream.println(line(bar, now));
        } else if (mode == Mode.TERMINAL) {
            clearBlock();
            if (bar.depth == 0 || shown.isEmpty()) {
                // The outermost bar stays on screen when done, as tqdm leaves it; inner ones vanish.
                stream.println(line(bar, now));
            }
            draw(now);
        }
        stream.flush();
    }

    /** Called by the timer; cheap when nothing is due. */
    synchronized void tick(long nowNanos) {
        if (shown.isEmpty()) {
            return;
        }
        if (mode == Mode.TERMINAL) {
            if (nowNanos - lastDraw >= minIntervalNanos) {
                clearBlock();
                draw(nowNanos);
                stream.flush();
            }
        } else if (mode == Mode.PLAIN) {
            for (Bar bar : shown) {
                if (nowNanos - lastPlain.get(bar) >= plainIntervalNanos) {
                    stream.println(line(bar, nowNanos));
                    lastPlain.put(bar, nowNanos);
                }
            }
            stream.flush();
        }
    }

    /** Prints a line of the experiment's own output without tearing the bars on a terminal. */
    synchronized void printAbove(PrintStream out, String text) {
        if (mode == Mode.TERMINAL && linesDrawn > 0) {
            clearBlock();
            stream.flush();
        }
        out.println(text);
        out.flush();
    }

    private void clearBlock() {
        if (linesDrawn == 0) {
            return;
        }
        stream.print('\r');
        if (linesDrawn > 1) {
            stream.print("\033[" + (linesDrawn - 1) + "A");
        }
        stream.print("\033[J");
        linesDrawn = 0;
    }

    private void draw(long now) {
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) {
                stream.print('\n');
            }
            stream.print(line(shown.get(i), now));
        }
        linesDrawn = shown.size();
        lastDraw = now;
    }

    private static String line(Bar bar, long now) {
        String indent = "  ".repeat(Math.max(0, bar.depth));
        return indent
                + BarLine.format(bar.description, bar.current(), bar.total(), bar.elapsedSeconds(now), bar.message());
    }
}

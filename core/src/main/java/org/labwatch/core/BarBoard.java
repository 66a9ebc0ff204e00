package org.labwatch.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.api.ProgressBarRecord;

/** The progress bars of one run: the running ones and the most recent finished ones, as the status shows them. */
final class BarBoard {

    private static final int FINISHED_KEPT = 20;

    private final ConsoleBars console;
    private final ZoneId zone;
    private final List<Bar> running = new ArrayList<>();
    private final ArrayDeque<Bar> finished = new ArrayDeque<>();
    private int opened;
    private long lastSignature = Long.MIN_VALUE;

    BarBoard(ConsoleBars console, ZoneId zone) {
        this.console = console;
        this.zone = zone;
    }

    Bar open(String description, long total) {
        Bar bar;
        synchronized (this) {
            opened++;
            bar = new Bar("bar-" + opened, description, total, running.size(), this);
            running.add(bar);
        }
        console.show(bar);
        return bar;
    }

    void ended(Bar bar) {
        synchronized (this) {
            if (!running.remove(bar)) {
                return;
            }
            finished.addLast(bar);
            while (finished.size() > FINISHED_KEPT) {
                finished.pollFirst();
            }
        }
        console.ended(bar);
    }

    void abandonAll() {
        List<Bar> open;
        synchronized (this) {
            open = new ArrayList<>(running);
        }
        for (Bar bar : open) {
            bar.abandon();
        }
    }

    /** True when counts, messages or states moved since the last call; how the timer decides to persist. */
    synchronized boolean changedSinceLastLook() {
        long sig = opened * 1_000_003L + finished.size();
        for (Bar bar : running) {
            sig = sig * 31 + bar.current();
            String m = bar.message();
            sig = sig * 31 + (m == null ? 0 : m.hashCode());
        }
        boolean changed = sig != lastSignature;
        lastSignature = sig;
        return changed;
    }

    /** Percent of the outermost running bar with a known total, or null: the run's percent when it has no steps. */
    synchronized Double outermostPercent() {
        for (Bar bar : running) {
            if (bar.total() > 0) {
                return Math.min(100.0, Math.round(bar.current() * 1000.0 / bar.total()) / 10.0);
            }
        }
        return null;
    }

    synchronized List<ProgressBarRecord> records() {
        long now = System.nanoTime();
        OffsetDateTime updated = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MILLIS), zone);
        List<ProgressBarRecord> out = new ArrayList<>(running.size() + finished.size());
        for (Bar bar : finished) {
            out.add(record(bar, now, updated));
        }
        for (Bar bar : running) {
            out.add(record(bar, now, updated));
        }
        return out;
    }

    private ProgressBarRecord record(Bar bar, long now, OffsetDateTime snapshotTime) {
        long n = bar.current();
        long total = bar.total();
        double elapsed = bar.elapsedSeconds(now);
        double rate = elapsed > 0 ? n / elapsed : 0;
        Double percent = total > 0 ? Math.min(100.0, Math.round(n * 1000.0 / total) / 10.0) : null;
        Double eta = total > 0 && rate > 0 ? Math.max(0, (total - n) / rate) : null;
        OffsetDateTime started = OffsetDateTime.ofInstant(bar.started.truncatedTo(ChronoUnit.MILLIS), zone);
        OffsetDateTime updated = bar.state() == ProgressBarRecord.State.RUNNING
                ? snapshotTime
                : started.plusNanos((long) (elapsed * 1e9)).truncatedTo(ChronoUnit.MILLIS);
        return new ProgressBarRecord(
                bar.id,
                bar.description,
                n,
                total,
                percent,
                round(rate),
                round(elapsed),
                eta == null ? null : round(eta),
                bar.message(),
                bar.state(),
                started,
                updated);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

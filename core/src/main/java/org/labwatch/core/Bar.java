package org.labwatch.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.labwatch.api.ProgressBar;
import org.labwatch.api.ProgressBarRecord;

/**
 * One progress bar. The hot path writes a counter and nothing else: no clock, no lock, no
 * allocation. Rendering and persisting happen on the monitor's timer thread, which reads the
 * counters. Items counted by an iterator wrapper (one thread) go to a plain release-store field;
 * {@link #step()} from any number of threads goes to a {@link LongAdder}.
 */
final class Bar implements ProgressBar {

    private static final VarHandle ITERATED;

    static {
        try {
            ITERATED = MethodHandles.lookup().findVarHandle(Bar.class, "iterated", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String id;
    final String description;
    final int depth;
    final long startNanos;
    final Instant started;
    private final long total;
    private final BarBoard board;
    private final LongAdder stepped = new LongAdder();

    @SuppressWarnings("unused") // written through ITERATED
    private volatile long iterated;

    private volatile String message;
    private volatile ProgressBarRecord.State state = ProgressBarRecord.State.RUNNING;
    private volatile long endNanos;

    Bar(String id, String description, long total, int depth, BarBoard board) {
        this.id = id;
        this.description = description == null ? "" : description;
        this.total = Math.max(0, total);
        this.depth = depth;
        this.board = board;
        this.startNanos = System.nanoTime();
        this.started = Instant.now();
    }

    @Override
    public void step() {
        stepped.increment();
    }

    @Override
    public void stepBy(long n) {
        if (n < 0) {
            throw new IllegalArgumentException(
                    "stepBy(" + n + ") on bar '" + description + "': n must not be negative");
        }
        stepped.add(n);
    }

    /** The count of the one iterator feeding this bar; a plain store on x86, cheap enough per item. */
    void iteratedTo(long n) {
        ITERATED.setRelease(this, n);
    }

    @Override
    public void setMessage(String message) {
        this.message = message;
    }

    String message() {
        return message;
    }

    @Override
    public long current() {
        return (long) ITERATED.getAcquire(this) + stepped.sum();
    }

    @Override
    public long total() {
        return total;
    }

    ProgressBarRecord.State state() {
        return state;
    }

    /** Seconds from start to now, or to the end once the bar is done. */
    double elapsedSeconds(long nowNanos) {
        long end = state == ProgressBarRecord.State.RUNNING ? nowNanos : endNanos;
        return Math.max(0, end - startNanos) / 1e9;
    }

    @Override
    public void close() {
        end(ProgressBarRecord.State.DONE);
    }

    void abandon() {
        end(ProgressBarRecord.State.ABANDONED);
    }

    private void end(ProgressBarRecord.State how) {
        synchronized (this) {
            if (state != ProgressBarRecord.State.RUNNING) {
                return;
            }
            endNanos = System.nanoTime();
            state = how;
        }
        board.ended(this);
    }

    @Override
    public String toString() {
        return "ProgressBar[" + description + " " + current() + "/" + total + " " + state.jsonName() + "]";
    }
}

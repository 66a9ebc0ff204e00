package org.labwatch.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.labwatch.api.Names;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StoredPlot;

/**
 * Checks plots at once (so a wrong argument throws in the caller's line) and stores them through
 * the bound PlotStore; while storing fails they wait in a backlog bounded by bytes. Guarded by
 * the monitor's lock.
 */
final class PlotDelivery {

    /** A plot accepted from the caller; {@code plot} is null when no store was bound to check it. */
    private record Pending(String name, byte[] bytes, Plot plot) {}

    private final RunInfo run;
    private final Supplier<PlotStore> store;
    private final long capacityBytes;
    private final Consumer<StoredPlot> stored;
    private final PrintStream console;
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    private final Outage outage;
    private long heldBytes;

    PlotDelivery(
            RunInfo run,
            Supplier<PlotStore> store,
            long capacityBytes,
            Consumer<StoredPlot> stored,
            PrintStream console) {
        this.run = run;
        this.store = store;
        this.capacityBytes = capacityBytes;
        this.stored = stored;
        this.console = console;
        this.outage = new Outage(
                "saving plots of '" + run.experimentName() + "' to "
                        + run.layout().plotsDir(),
                console);
    }

    /**
     * @return the path the plot has, or will have once the store works again
     * @throws IllegalArgumentException for a bad name or bytes that are not a PNG, JPEG or SVG image
     */
    Path save(String name, byte[] bytes) {
        PlotStore s = store.get();
        Pending pending;
        if (s != null) {
            pending = new Pending(name, bytes, s.prepare(name, bytes));
        } else {
            Names.checkName("plot name", name);
            pending = new Pending(name, bytes, null);
        }
        if (held.isEmpty() && tryStore(s, pending)) {
            return run.layout().plotsDir().resolve(pending.plot().fileName());
        }
        hold(pending);
        return run.layout()
                .plotsDir()
                .resolve(pending.plot() != null ? pending.plot().fileName() : name);
    }

    void retry() {
        PlotStore s = store.get();
        while (!held.isEmpty()) {
            Pending next = held.peekFirst();
            if (next.plot() == null && s != null) {
                try {
                    next = new Pending(next.name(), next.bytes(), s.prepare(next.name(), next.bytes()));
                } catch (IllegalArgumentException e) {
                    held.pollFirst();
                    heldBytes -= next.bytes().length;
                    console.println("labwatch: plot '" + next.name() + "' of '" + run.experimentName()
                            + "' was refused when it could finally be checked: " + e.getMessage());
                    continue;
                }
            }
            if (!tryStore(s, next)) {
                return;
            }
            held.pollFirst();
            heldBytes -= next.bytes().length;
            outage.writtenLate(1);
        }
        outage.recovered();
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    int heldCount() {
        return held.size();
    }

    private boolean tryStore(PlotStore s, Pending pending) {
        if (s == null || pending.plot() == null) {
            outage.failed(new IllegalStateException("no PlotStore service is bound"), "holding plots in memory");
            return false;
        }
        try {
            stored.accept(s.store(run.layout().plotsDir(), pending.plot()));
            return true;
        } catch (IOException | RuntimeException e) {
            outage.failed(e, "holding plots in memory (up to " + capacityBytes + " bytes) and retrying");
            return false;
        }
    }

    private void hold(Pending pending) {
        while (!held.isEmpty() && heldBytes + pending.bytes().length > capacityBytes) {
            Pending dropped = held.pollFirst();
            heldBytes -= dropped.bytes().length;
            outage.dropped(
                    "plot backlog of " + capacityBytes + " bytes is full; dropped plot '" + dropped.name() + "'");
        }
        held.addLast(pending);
        heldBytes += pending.bytes().length;
    }
}

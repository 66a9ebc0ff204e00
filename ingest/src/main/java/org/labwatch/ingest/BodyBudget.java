package org.labwatch.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all bodies being read may take together. Each body is held whole until it is written
 * (a status is checked whole, a plot is sniffed and hashed whole), and the server runs in a heap of
 * half a gigabyte that exits when it runs out: four sources sending four 50 MiB plots at once
 * would take it down with the dashboard. A body that does not fit waits for the client's retry (503).
 */
final class BodyBudget {

    private final AtomicLong used = new AtomicLong();

    /** Takes {@code bytes} when they fit under {@code max} with what is taken already. */
    boolean take(long bytes, long max) {
        while (true) {
            long now = used.get();
            if (now + bytes > max) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}

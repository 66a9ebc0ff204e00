package org.labwatch.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most a few requests of one source at once (429 beyond), so that one instrument PC with a bad
 * network or a runaway shipper cannot take the server's threads, memory for bodies or file locks
 * from the others. Sources are known token names, so the counters are few.
 */
final class SourceGate {

    /** Closing lets the next request of the source in; closing twice counts once. */
    interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** A pass, or null when {@code source} has {@code max} requests in flight already. */
    Pass enter(String source, int max) {
        AtomicInteger count = inFlight.computeIfAbsent(source, s -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= max) {
                return null;
            }
            if (count.compareAndSet(now, now + 1)) {
                break;
            }
        }
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }

    int inFlight(String source) {
        AtomicInteger count = inFlight.get(source);
        return count == null ? 0 : count.get();
    }
}

package org.labwatch.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Status files that their writer rewrites in place (a tool that {@code json.dump}s into the open
 * file, as the seed's users' scripts may) read as empty or truncated when a reader comes mid-write.
 * Such a reading is a moment, not the file's state: while the file changed within the window, the
 * store reads it again at once and otherwise keeps the last good reading; once the file has been
 * quiet for the window it is looked at again here, and a bad reading then is the file's own.
 */
final class MidWriteHold implements AutoCloseable {

    private final Consumer<Path> lookAgain;
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    /** @param lookAgain what a held file's second look is: the store's watches read it again */
    MidWriteHold(Consumer<Path> lookAgain) {
        this.lookAgain = lookAgain;
    }

    /** Whether a file last changed at {@code modified} may still be in its writer's hands at {@code now}. */
    static boolean settling(Instant modified, Instant now, long windowMs) {
        return modified != null && now.toEpochMilli() - modified.toEpochMilli() < windowMs;
    }

    /** Looks at the file again once it has been quiet for the window; once per file however often it is held. */
    void lookAgainAfter(Path file, Instant modified, long windowMs) {
        if (!pending.add(file)) {
            return;
        }
        long delay = Math.max(10, modified.toEpochMilli() + windowMs - System.currentTimeMillis() + 50);
        try {
            timer().schedule(
                            () -> {
                                pending.remove(file);
                                lookAgain.accept(file);
                            },
                            delay,
                            TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            pending.remove(file);
        }
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "labwatch-status-recheck");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

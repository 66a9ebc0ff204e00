package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.Subscription;

/**
 * {@code LogSource.watch} over the change feed: the logs and metrics files of some directories
 * that exist now are told as existing, every later append (on any node) as a change. Subscribed
 * before listing, so that nothing between the two is missed; a change the listing already showed
 * is not told again. A listing the database did not answer (away) is tried again with the feed's
 * next changes.
 */
final class LogFeedWatch implements Subscription {

    private static final System.Logger LOG = System.getLogger(LogFeedWatch.class.getName());
    private static final EnumSet<FileKind> KINDS = EnumSet.of(FileKind.LOG, FileKind.METRICS);

    private final StoredFiles files;
    private final List<Path> dirs;
    private final LogFileListener listener;
    /** The sequence of each file's change the listing showed, by key. */
    private final Map<String, Long> listed = new ConcurrentHashMap<>();

    private final Subscription subscription;
    private volatile boolean listedAll;
    private volatile boolean closed;

    LogFeedWatch(StoredFiles files, ChangeFeed feed, List<Path> dirs, LogFileListener listener) {
        this.files = files;
        this.dirs = List.copyOf(dirs);
        this.listener = listener;
        this.subscription = feed.subscribe(this.dirs, KINDS, this::changed);
        list();
    }

    private synchronized void list() {
        if (listedAll) {
            return;
        }
        try {
            for (Path dir : dirs) {
                for (FileKind kind : KINDS) {
                    for (FileRow row : files.list(dir, kind)) {
                        if (listed.putIfAbsent(row.key(), row.seq()) == null && !closed) {
                            listener.existing(row.path());
                        }
                    }
                }
            }
            listedAll = true;
        } catch (IOException e) {
            LOG.log(
                    Level.WARNING,
                    "cannot list the logs of " + dirs + " yet: " + e.getMessage()
                            + "; trying again when the database reports changes");
        }
    }

    private void changed(List<FileRow> rows) {
        if (!listedAll) {
            list();
        }
        for (FileRow row : rows) {
            if (closed) {
                return;
            }
            Long seen = listed.get(row.key());
            if (row.removed() || (seen != null && row.seq() <= seen)) {
                continue;
            }
            try {
                listener.changed(row.path());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reporting a change of " + row.path() + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
    }
}

package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.status.StatusJsonReader;
import org.labwatch.spi.StatusReading;

/**
 * Stored status rows as readings, with the JSON status store's rules (one reader, lenient about
 * content; a size limit; a reason instead of an exception for anything unreadable). The list
 * views are kept per file and change sequence, so that the index's relist (every minute, over
 * every run) fetches and parses only the files that changed since.
 */
final class StatusReadings {

    /** A status row's list view, the change it was read at, and the SHA-256 of its bytes. */
    record Listed(long seq, byte[] sha256, StatusReading reading) {

        /** As the watch compares: the same bytes (or the same problem) are no change. */
        boolean sameContent(Listed other) {
            return Arrays.equals(sha256, other.sha256)
                    && Objects.equals(reading.problem(), other.reading.problem())
                    && reading.size() == other.reading.size();
        }
    }

    /** As the JSON store's cache: room for more runs than a lab keeps; past it, the cache starts over. */
    static final int LISTED_CACHE_FILES = 500_000;

    static final String LIMIT_SETTING = "maxStatusBytes in " + PostgresStore.PID;

    private final StoredFiles files;
    private final LongSupplier maxBytes;
    private final ZoneId zone = ZoneId.systemDefault();
    private final StatusJsonReader reader = new StatusJsonReader(StatusJsonReader.lenientMapper());
    private final Map<String, Kept> listed = new ConcurrentHashMap<>();

    /** A list view and the size limit it was read under: a new limit may read the same bytes otherwise. */
    private record Kept(long limit, Listed listed) {}

    StatusReadings(StoredFiles files, LongSupplier maxBytes) {
        this.files = files;
        this.maxBytes = maxBytes;
    }

    ZoneId zone() {
        return zone;
    }

    /** Whether a name is a status file's that lists and watches show: {@code *_status.json}, not hidden. */
    static boolean isStatusName(String name) {
        return name.endsWith(MonitoringLayout.STATUS_SUFFIX)
                && name.length() > MonitoringLayout.STATUS_SUFFIX.length()
                && !name.startsWith(".");
    }

    static String idOf(Path file) {
        String id = MonitoringLayout.experimentIdOf(file);
        return id != null ? id : file.getFileName().toString();
    }

    /** The whole status, messages and errors included; never throws. */
    StatusReading whole(Path file) {
        String id = idOf(file);
        long limit = maxBytes.getAsLong();
        Optional<StoredContent> found;
        try {
            found = files.whole(file, limit);
        } catch (IOException e) {
            return StatusReading.unreadable(file, id, "cannot be read: " + e.getMessage(), null, 0);
        }
        if (found.isEmpty()) {
            return StatusReading.unreadable(file, id, "the file does not exist (deleted or renamed)", null, 0);
        }
        return reading(file, id, found.get(), limit, false);
    }

    /**
     * The list views of these rows, readable or not; rows removed or gone meanwhile are left out.
     * Only those whose change is not the one kept are fetched, in one query.
     */
    List<Listed> listed(List<FileRow> rows) throws IOException {
        List<Listed> out = new ArrayList<>(rows.size());
        List<FileRow> misses = new ArrayList<>();
        long limit = maxBytes.getAsLong();
        for (FileRow row : rows) {
            Kept kept = listed.get(row.key());
            if (kept != null && kept.limit() == limit && kept.listed().seq() == row.seq()) {
                out.add(kept.listed());
            } else if (!row.removed()) {
                misses.add(row);
            }
        }
        if (!misses.isEmpty()) {
            if (listed.size() + misses.size() > LISTED_CACHE_FILES) {
                listed.clear();
            }
            for (StoredContent c : files.contents(misses, limit)) {
                if (c.row().removed()) {
                    listed.remove(c.row().key());
                    continue;
                }
                Path file = c.row().path();
                Listed l = new Listed(
                        c.row().seq(),
                        c.sha256(),
                        reading(file, idOf(file), c, limit, true).listView());
                listed.put(c.row().key(), new Kept(limit, l));
                out.add(l);
            }
        }
        return out;
    }

    /** A file that is gone: its list view goes too. */
    void forget(String key) {
        listed.remove(key);
    }

    /** Why these bytes would not read as a status here, or null when they do. */
    String copyProblem(Path file, byte[] json) {
        return reader.copyProblem(json, idOf(file), zone, maxBytes.getAsLong(), LIMIT_SETTING);
    }

    private StatusReading reading(Path file, String id, StoredContent c, long limit, boolean listOnly) {
        FileRow row = c.row();
        if (c.content() == null) {
            return StatusReading.unreadable(
                    file,
                    id,
                    "the file is " + row.length() + " bytes, larger than the limit of " + limit + " bytes ("
                            + LIMIT_SETTING + ")",
                    row.modified(),
                    row.length());
        }
        try {
            return new StatusReading(
                    file, id, reader.read(c.content(), id, zone, listOnly), null, row.modified(), row.length());
        } catch (StatusJsonReader.NotAStatus e) {
            return StatusReading.unreadable(file, id, e.getMessage(), row.modified(), row.length());
        }
    }
}

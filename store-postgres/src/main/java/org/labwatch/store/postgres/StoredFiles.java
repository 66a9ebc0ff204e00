package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.labwatch.spi.MirrorOffsetException;

/**
 * The files of every store as rows of {@code labwatch_file} (and {@code labwatch_chunk} for the
 * appended ones), keyed by {@link PathKeys}. Every writing transaction ends the same way, so that
 * a node that has read every change up to sequence {@code n} misses none by reading
 * {@code seq > n} later: its data statements first, then {@code pg_advisory_xact_lock(CHANGE_LOCK)},
 * then the row's new {@code seq} from {@code labwatch_change_seq} and {@code pg_notify('labwatch',
 * '<seq> <id>')}, then the commit. The lock is held from taking a sequence number to the commit, so
 * sequence numbers become visible in their order on every node; it is held for microseconds.
 */
final class StoredFiles {

    /** "labwatch" in ASCII: the lock every change takes before its sequence number. */
    static final long CHANGE_LOCK = 0x6c61627761746368L;

    /** The channel of the change notifications. */
    static final String CHANNEL = "labwatch";

    /** The largest chunk row: bigger appends are split (a bytea value is held whole in memory by both sides). */
    static final int CHUNK_BYTES = 1 << 20;

    private static final String COLUMNS = "id, path, dir, name, kind, length, modified, seq, removed";

    private final Database db;
    private final PathKeys keys;

    StoredFiles(Database db, PathKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    PathKeys keys() {
        return keys;
    }

    Database database() {
        return db;
    }

    /** Replaces the whole content of a status, plot or other file, creating it (or reviving a removed one). */
    FileRow replace(Path file, FileKind kind, byte[] content) throws IOException {
        if (!kind.whole()) {
            throw new IllegalArgumentException(kind + " files are appended, not replaced: " + file);
        }
        String key = keys.key(file);
        byte[] sha = sha256(content);
        return db.transaction(c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement("WITH up AS ("
                    + " INSERT INTO labwatch_file (path, dir, name, kind, length, content, sha256, modified, seq)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, now(), 0)"
                    + " ON CONFLICT (path) DO UPDATE SET kind = EXCLUDED.kind, length = EXCLUDED.length,"
                    + " content = EXCLUDED.content, sha256 = EXCLUDED.sha256, modified = EXCLUDED.modified,"
                    + " removed = false RETURNING id),"
                    // a file appended before under this key leaves no chunks behind
                    + " gone AS (DELETE FROM labwatch_chunk c USING up WHERE c.file_id = up.id)"
                    + " SELECT id FROM up")) {
                s.setString(1, key);
                s.setString(2, PathKeys.dirOf(key));
                s.setString(3, PathKeys.nameOf(key));
                s.setString(4, kind.column());
                s.setLong(5, content.length);
                s.setBytes(6, content);
                s.setBytes(7, sha);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            lockChanges(c);
            return publish(c, id);
        });
    }

    /**
     * Appends at the end of an appended file (a log, a metrics file), creating it.
     *
     * @return the file's new length
     */
    long append(Path file, FileKind kind, byte[] bytes) throws IOException {
        return append(file, kind, -1, bytes);
    }

    /**
     * Appends {@code bytes} at {@code offset}, which must be the file's length (0 for a new file),
     * creating it; a mirrored copy's append, retried after a lost answer, so never written twice.
     *
     * @param offset the length the caller expects; -1 for "at the end, whatever its length"
     * @return the file's new length
     * @throws MirrorOffsetException when the file's length is not {@code offset}; nothing was written
     */
    long append(Path file, FileKind kind, long offset, byte[] bytes) throws IOException {
        if (kind.whole()) {
            throw new IllegalArgumentException(kind + " files are replaced, not appended: " + file);
        }
        String key = keys.key(file);
        return db.transaction(c -> {
            Appendable target = appendable(c, key, kind, file);
            if (offset >= 0 && offset != target.length()) {
                throw new MirrorOffsetException(file, offset, target.length());
            }
            if (bytes.length == 0 && !target.created()) {
                return target.length();
            }
            long length = target.length();
            if (bytes.length > 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO labwatch_chunk (file_id, start_offset, data) VALUES (?, ?, ?)")) {
                    for (int from = 0; from < bytes.length; from += CHUNK_BYTES) {
                        int to = Math.min(bytes.length, from + CHUNK_BYTES);
                        s.setLong(1, target.id());
                        s.setLong(2, length + from);
                        s.setBytes(
                                3,
                                from == 0 && to == bytes.length
                                        ? bytes
                                        : java.util.Arrays.copyOfRange(bytes, from, to));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            long newLength = length + bytes.length;
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE labwatch_file SET length = ?, modified = now() WHERE id = ?")) {
                s.setLong(1, newLength);
                s.setLong(2, target.id());
                s.executeUpdate();
            }
            lockChanges(c);
            publish(c, target.id());
            return newLength;
        });
    }

    /** The row an append goes to, locked for this transaction. */
    private record Appendable(long id, long length, boolean created) {}

    private static Appendable appendable(Connection c, String key, FileKind kind, Path file)
            throws SQLException, IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, length, removed, content IS NOT NULL FROM labwatch_file WHERE path = ? FOR UPDATE")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        long id = r.getLong(1);
                        if (r.getBoolean(4) && !r.getBoolean(3)) {
                            throw new IOException("cannot append to " + file + ": it is stored whole (a "
                                    + "status, plot or other file), not as an appended file");
                        }
                        if (r.getBoolean(3)) {
                            revive(c, id, kind);
                            return new Appendable(id, 0, true);
                        }
                        return new Appendable(id, r.getLong(2), false);
                    }
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO labwatch_file (path, dir, name, kind, length, modified, seq)"
                            + " VALUES (?, ?, ?, ?, 0, now(), 0) ON CONFLICT (path) DO NOTHING RETURNING id")) {
                s.setString(1, key);
                s.setString(2, PathKeys.dirOf(key));
                s.setString(3, PathKeys.nameOf(key));
                s.setString(4, kind.column());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return new Appendable(r.getLong(1), 0, true);
                    }
                }
            }
            // another transaction created it meanwhile: lock that row
        }
        throw new IOException("cannot create " + file + " in the database: it was created and removed meanwhile");
    }

    /** A removed file written again starts empty. */
    private static void revive(Connection c, long id, FileKind kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM labwatch_chunk WHERE file_id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE labwatch_file SET removed = false, length = 0,"
                + " content = NULL, sha256 = NULL, kind = ? WHERE id = ?")) {
            s.setString(1, kind.column());
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** The file's row; empty when there is none or it was removed. */
    Optional<FileRow> file(Path file) throws IOException {
        String key = keys.key(file);
        return db.call(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM labwatch_file WHERE path = ? AND NOT removed")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    /** @throws NoSuchFileException when there is no such file */
    long length(Path file) throws IOException {
        return file(file)
                .orElseThrow(() -> new NoSuchFileException(file.toString()))
                .length();
    }

    /**
     * At most {@code maxBytes} bytes from {@code offset} (fewer at the end of the file; none past it).
     *
     * @throws NoSuchFileException when there is no such file
     */
    byte[] read(Path file, long offset, int maxBytes) throws IOException {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative: " + offset + ", " + maxBytes);
        }
        String key = keys.key(file);
        return db.call(c -> {
            long id;
            long length;
            byte[] whole;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, length, content FROM labwatch_file WHERE path = ? AND NOT removed")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new NoSuchFileException(file.toString());
                    }
                    id = r.getLong(1);
                    length = r.getLong(2);
                    whole = r.getBytes(3);
                }
            }
            long end = Math.min(length, offset + maxBytes);
            if (offset >= end) {
                return new byte[0];
            }
            if (whole != null) {
                return java.util.Arrays.copyOfRange(whole, (int) offset, (int) end);
            }
            return chunks(c, id, offset, end);
        });
    }

    /** Bytes [from, to) of an appended file, from the chunks that hold them. */
    private static byte[] chunks(Connection c, long id, long from, long to) throws SQLException, IOException {
        byte[] out = new byte[Math.toIntExact(to - from)];
        int filled = 0;
        // the chunk holding `from` is the last one starting at or before it: both bounds use the key's index
        try (PreparedStatement s = c.prepareStatement("SELECT start_offset,"
                + " substring(data FROM (greatest(?, start_offset) - start_offset + 1)::int"
                + " FOR (least(?, start_offset + length(data)) - greatest(?, start_offset))::int)"
                + " FROM labwatch_chunk WHERE file_id = ? AND start_offset < ? AND start_offset >="
                + " coalesce((SELECT max(start_offset) FROM labwatch_chunk WHERE file_id = ? AND start_offset <= ?), 0)"
                + " ORDER BY start_offset")) {
            s.setLong(1, from);
            s.setLong(2, to);
            s.setLong(3, from);
            s.setLong(4, id);
            s.setLong(5, to);
            s.setLong(6, id);
            s.setLong(7, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long start = r.getLong(1);
                    byte[] data = r.getBytes(2);
                    int at = (int) (Math.max(start, from) - from);
                    if (at != filled) {
                        throw new IOException("file " + id + " has no bytes at offset " + (from + filled));
                    }
                    System.arraycopy(data, 0, out, at, data.length);
                    filled += data.length;
                }
            }
        }
        if (filled != out.length) {
            throw new IOException("file " + id + " holds " + (from + filled) + " of its " + to + " bytes");
        }
        return out;
    }

    /**
     * The whole content of a file (for an appended one, its bytes up to now).
     *
     * @throws NoSuchFileException when there is no such file
     */
    byte[] content(Path file) throws IOException {
        String key = keys.key(file);
        Optional<StoredContent> whole = db.call(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + ", content, sha256 FROM labwatch_file WHERE path = ? AND NOT removed")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(content(r)) : Optional.empty();
                }
            }
        });
        StoredContent found = whole.orElseThrow(() -> new NoSuchFileException(file.toString()));
        if (found.content() != null) {
            return found.content();
        }
        long length = found.row().length();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException(file + " is " + length + " bytes, too large to read at once");
        }
        return read(file, 0, (int) length);
    }

    /** The files of one kind in one directory, by name; removed ones left out. */
    List<FileRow> list(Path dir, FileKind kind) throws IOException {
        String dirKey = keys.key(dir);
        return db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM labwatch_file WHERE dir = ? AND kind = ? AND NOT removed ORDER BY name")) {
                s.setString(1, dirKey);
                s.setString(2, kind.column());
                return rows(s);
            }
        });
    }

    /** The whole-content files of one kind in these directories, with their bytes; removed ones left out. */
    List<StoredContent> contents(Collection<Path> dirs, FileKind kind) throws IOException {
        List<String> dirKeys = dirs.stream().map(keys::key).distinct().toList();
        return db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", content, sha256"
                    + " FROM labwatch_file WHERE dir = ANY(?) AND kind = ? AND NOT removed ORDER BY path")) {
                Array array = c.createArrayOf("text", dirKeys.toArray());
                s.setArray(1, array);
                s.setString(2, kind.column());
                return contents(s);
            }
        });
    }

    /** These rows' current state with their bytes (removed ones without); rows gone meanwhile left out. */
    List<StoredContent> contents(List<FileRow> rows) throws IOException {
        Long[] ids = rows.stream().map(FileRow::id).toArray(Long[]::new);
        return db.call(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + ", content, sha256 FROM labwatch_file WHERE id = ANY(?) ORDER BY seq")) {
                s.setArray(1, c.createArrayOf("bigint", ids));
                return contents(s);
            }
        });
    }

    /**
     * The directories below {@code dir} (at any depth) that hold or held files of this kind, sorted
     * by key.
     */
    List<Path> directoriesBelow(Path dir, FileKind kind) throws IOException {
        String dirKey = keys.key(dir);
        String prefix = PathKeys.below(dirKey);
        boolean absolute = prefix.startsWith("/");
        return db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT dir FROM labwatch_file"
                    + " WHERE kind = ? AND starts_with(dir, ?) AND dir <> ? AND (? OR NOT starts_with(dir, '/'))"
                    + " ORDER BY dir")) {
                s.setString(1, kind.column());
                s.setString(2, prefix);
                s.setString(3, dirKey);
                s.setBoolean(4, absolute);
                List<Path> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(keys.path(r.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Copies a file (its content or its chunks, its modification time) to a new name, and removes
     * the old one when {@code move}; one transaction.
     *
     * @return the copy's row; empty when {@code from} does not exist
     * @throws FileAlreadyExistsException when {@code to} exists
     */
    Optional<FileRow> copy(Path from, Path to, boolean move) throws IOException {
        String fromKey = keys.key(from);
        String toKey = keys.key(to);
        return db.transaction(c -> {
            long fromId;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id FROM labwatch_file WHERE path = ? AND NOT removed FOR UPDATE")) {
                s.setString(1, fromKey);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    fromId = r.getLong(1);
                }
            }
            long toId = insertCopy(c, fromId, toKey, to);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO labwatch_chunk (file_id, start_offset, data)"
                    + " SELECT ?, start_offset, data FROM labwatch_chunk WHERE file_id = ?")) {
                s.setLong(1, toId);
                s.setLong(2, fromId);
                s.executeUpdate();
            }
            if (move) {
                tombstone(c, fromId);
            }
            lockChanges(c);
            FileRow copy = publish(c, toId);
            if (move) {
                publish(c, fromId);
            }
            return Optional.of(copy);
        });
    }

    private static long insertCopy(Connection c, long fromId, String toKey, Path to) throws SQLException, IOException {
        // a removed row under the new name is taken over; a live one is not
        try (PreparedStatement s = c.prepareStatement("DELETE FROM labwatch_file WHERE path = ? AND removed")) {
            s.setString(1, toKey);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO labwatch_file (path, dir, name, kind, length, content, sha256, modified, seq)"
                        + " SELECT ?, ?, ?, kind, length, content, sha256, modified, 0 FROM labwatch_file WHERE id = ?"
                        + " ON CONFLICT (path) DO NOTHING RETURNING id")) {
            s.setString(1, toKey);
            s.setString(2, PathKeys.dirOf(toKey));
            s.setString(3, PathKeys.nameOf(toKey));
            s.setLong(4, fromId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new FileAlreadyExistsException(to.toString());
                }
                return r.getLong(1);
            }
        }
    }

    /**
     * Removes a file: its row stays as a tombstone (without its bytes) so that watchers on every
     * node learn of it.
     *
     * @return whether there was such a file
     */
    boolean remove(Path file) throws IOException {
        String key = keys.key(file);
        return db.transaction(c -> {
            long id;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id FROM labwatch_file WHERE path = ? AND NOT removed FOR UPDATE")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                    id = r.getLong(1);
                }
            }
            tombstone(c, id);
            lockChanges(c);
            publish(c, id);
            return true;
        });
    }

    private static void tombstone(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM labwatch_chunk WHERE file_id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE labwatch_file SET removed = true, content = NULL,"
                + " sha256 = NULL, length = 0, modified = now() WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    /** Changes after sequence {@code seq}, in sequence order, at most {@code limit}; removed files included. */
    List<FileRow> changedSince(long seq, int limit) throws IOException {
        return db.call(c -> changedSince(c, seq, limit));
    }

    /** The same on a connection the caller holds (the change feed's). */
    List<FileRow> changedSince(Connection c, long seq, int limit) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM labwatch_file WHERE seq > ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, seq);
            s.setInt(2, limit);
            return rows(s);
        }
    }

    /** The newest committed change's sequence number; 0 for none. */
    long lastSeq() throws IOException {
        return db.call(StoredFiles::lastSeq);
    }

    static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM labwatch_file");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Held to the commit: from here on this transaction's sequence numbers commit in their order. */
    private static void lockChanges(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, CHANGE_LOCK);
            s.execute();
        }
    }

    /** The row's new sequence number and its notification; after {@link #lockChanges}. */
    private FileRow publish(Connection c, long id) throws SQLException {
        FileRow row;
        try (PreparedStatement s = c.prepareStatement("UPDATE labwatch_file SET seq = nextval('labwatch_change_seq')"
                + " WHERE id = ? RETURNING " + COLUMNS)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                row = row(r);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, CHANNEL);
            s.setString(2, row.seq() + " " + row.id());
            s.execute();
        }
        return row;
    }

    private List<FileRow> rows(PreparedStatement s) throws SQLException {
        List<FileRow> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    private List<StoredContent> contents(PreparedStatement s) throws SQLException {
        List<StoredContent> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(content(r));
            }
        }
        return out;
    }

    private StoredContent content(ResultSet r) throws SQLException {
        return new StoredContent(row(r), r.getBytes(10), r.getBytes(11));
    }

    private FileRow row(ResultSet r) throws SQLException {
        String key = r.getString(2);
        return new FileRow(
                r.getLong(1),
                key,
                keys.path(key),
                r.getString(3),
                r.getString(4),
                FileKind.of(r.getString(5)),
                r.getLong(6),
                r.getObject(7, OffsetDateTime.class).toInstant(),
                r.getLong(8),
                r.getBoolean(9));
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

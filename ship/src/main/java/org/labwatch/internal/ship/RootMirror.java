package org.labwatch.internal.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One monitoring directory shipped as one root: what its files hold that the server lacks, sent in
 * rounds. A round sends new plots first, then changed status files (so the server's heartbeat is
 * fresh while a long log catches up), then at most one chunk of each log and metrics file. The
 * local files are the spool: nothing is kept in memory but positions and hashes, and after any
 * failure the server's manifest is asked again and is the truth.
 */
final class RootMirror {

    /** A status or plot's hash, valid while the file keeps the size and time it had when read. */
    private record Hashed(LocalFile version, String sha256, long readMicros) {

        /**
         * Whether the hash may stand for every file of this size and time. Not for a file read within
         * {@link #RACY_MICROS} of its modification: a rewrite of the same size in the same tick of a
         * coarse clock (2 s on FAT and some network shares) would keep size and time, so such a file is
         * read again until its time is safely in the past (the "racy" case git knows too).
         */
        boolean stands(LocalFile f) {
            return f.sameVersion(version) && version.modifiedMicros() < readMicros - RACY_MICROS;
        }
    }

    private static final long RACY_MICROS = 3_000_000;

    /** Conflicts in a row on one status after which it is taken as refused (a server that never agrees). */
    private static final int STATUS_CONFLICTS = 3;

    final Path monitoringDir;
    final String root;
    final Selection selection;
    private final Reports reports;
    private final String who;

    /** What the server holds; null until the manifest is fetched, and again after any failure. */
    private ServerCopy server;

    private final Map<String, Hashed> hashes = new HashMap<>();
    /** Files the server refused or that cannot be read, by the version refused: skipped until they change. */
    private final Map<String, LocalFile> refused = new HashMap<>();

    private final Map<String, Integer> statusConflicts = new HashMap<>();
    /** Files said to be shorter here than on the server, until they are not. */
    private final Set<String> shorter = new HashSet<>();

    private List<LocalFile> lastScan = List.of();
    /** The bytes this round has yet to send, as told to the server with each request (Labwatch-Behind). */
    private long behind;

    RootMirror(Path monitoringDir, String root, Selection selection, Reports reports) {
        this.monitoringDir = monitoringDir;
        this.root = root;
        this.selection = selection;
        this.reports = reports;
        this.who = "labwatch: shipping root '" + root + "' (" + monitoringDir + ")";
    }

    /** After a failure: the next round starts from a fresh manifest. */
    synchronized void forgetServer() {
        server = null;
    }

    /**
     * Sends what the server lacks of the files as they are now.
     *
     * @return true when the server now holds everything this round saw
     * @throws IngestFailure when the server cannot be used; the caller backs off and the next round
     *     starts from a fresh manifest
     */
    synchronized boolean round(IngestApi api, Hello hello, long maxChunk) throws IngestFailure {
        if (server == null) {
            server = api.manifest(hello.source(), root);
        }
        List<LocalFile> files = selection.scan();
        lastScan = files;
        behind = behind(files);
        boolean pending = false;
        for (LocalFile f : files) {
            if (f.section() == Section.PLOTS) {
                pending |= plot(api, hello, f);
            }
        }
        for (LocalFile f : files) {
            if (f.section() == Section.STATUS) {
                pending |= status(api, hello, f);
            }
        }
        long chunk = Math.max(1, Math.min(maxChunk, hello.limits().chunkBytes()));
        for (LocalFile f : files) {
            if (f.section().appended()) {
                pending |= appended(api, hello, f, chunk);
            }
        }
        return !pending;
    }

    /** A file's bytes and their SHA-256, read because the server may lack them. */
    private record Content(byte[] bytes, String sha256) {}

    /**
     * The file's content when the server lacks it ({@code serverSha256}: what it holds, null for
     * nothing): null when there is nothing to send, because the file is unchanged since the server
     * last matched it, was refused in this version, is over the server's {@code limit} (refused
     * now), cannot be read now, or reads as what the server holds.
     */
    private Content changed(LocalFile f, String serverSha256, long limit, String kind) {
        if (f.sameVersion(refused.get(f.key()))) {
            return null;
        }
        Hashed known = hashes.get(f.key());
        if (known != null && known.stands(f) && known.sha256.equals(serverSha256)) {
            return null;
        }
        if (f.size() > limit) {
            refuse(f, f.size() + " bytes, more than the server's limit for a " + kind + " (" + limit + ")");
            return null;
        }
        byte[] bytes = read(f);
        if (bytes == null) {
            return null;
        }
        String sha = Hashes.sha256(bytes);
        hashes.put(f.key(), new Hashed(f, sha, nowMicros()));
        return sha.equals(serverSha256) ? null : new Content(bytes, sha);
    }

    /** @return true when more is to be sent for this plot */
    private boolean plot(IngestApi api, Hello hello, LocalFile f) throws IngestFailure {
        Content content = changed(f, server.plots.get(f.name()), hello.limits().plotBytes(), "plot");
        if (content == null) {
            return false;
        }
        byte[] bytes = content.bytes();
        if (!PlotFiles.looksLikeImage(bytes)) {
            refuse(f, "not a PNG, JPEG or SVG image");
            return false;
        }
        try {
            server.plots.put(f.name(), api.putPlot(hello.source(), root, f.name(), bytes, sending(bytes.length)));
            accepted(f);
        } catch (IngestFailure e) {
            if (!e.rejected()) {
                throw e;
            }
            refuse(f, e.getMessage());
        }
        return false;
    }

    /** @return true when more is to be sent for this status */
    private boolean status(IngestApi api, Hello hello, LocalFile f) throws IngestFailure {
        ServerCopy.Status held = server.statuses.get(f.name());
        Content content =
                changed(f, held == null ? null : held.sha256(), hello.limits().statusBytes(), "status");
        if (content == null) {
            return false;
        }
        byte[] bytes = content.bytes();
        String sha = content.sha256();
        // Versions only go forward: the file's time, or past the server's when the clock disagrees.
        long version =
                held == null ? Math.max(1, f.modifiedMicros()) : Math.max(f.modifiedMicros(), held.version() + 1);
        IngestApi.Ack ack;
        try {
            ack = api.putStatus(hello.source(), root, f.name(), version, bytes, sending(bytes.length));
        } catch (IngestFailure e) {
            if (!e.rejected()) {
                throw e;
            }
            refuse(f, e.getMessage());
            return false;
        }
        if (!ack.conflict()) {
            server.statuses.put(f.name(), new ServerCopy.Status(ack.value(), sha));
            statusConflicts.remove(f.key());
            accepted(f);
            return false;
        }
        // The server holds a newer or other version: go past it next round.
        server.statuses.put(f.name(), new ServerCopy.Status(ack.value(), null));
        int conflicts = statusConflicts.merge(f.key(), 1, Integer::sum);
        if (conflicts >= STATUS_CONFLICTS) {
            statusConflicts.remove(f.key());
            refuse(
                    f,
                    "the server answered " + conflicts + " versions in a row with a conflict (it holds version "
                            + ack.value() + ")");
            return false;
        }
        return true;
    }

    /** @return true when more of this log or metrics file is to be sent */
    private boolean appended(IngestApi api, Hello hello, LocalFile f, long chunk) throws IngestFailure {
        long acked = server.length(f);
        if (f.size() < acked) {
            // Truncated or replaced: sending from 0 would duplicate, from acked would skip. Say so, send nothing.
            shorter.add(f.key());
            reports.once(
                    "shorter " + f.key(),
                    who + ": " + f.key() + " is " + f.size() + " bytes here, but the server already holds " + acked
                            + " bytes of it (truncated or replaced?). Nothing of it is sent again; the server's copy"
                            + " is kept, and bytes written here beyond " + acked + " will be sent.");
            return false;
        }
        if (shorter.remove(f.key())) {
            reports.clear("shorter " + f.key());
        }
        if (f.size() == acked || f.sameVersion(refused.get(f.key()))) {
            return false;
        }
        byte[] bytes = readRange(f, acked, (int) Math.min(chunk, f.size() - acked));
        if (bytes == null || bytes.length == 0) {
            return false;
        }
        IngestApi.Ack ack;
        try {
            ack = api.append(hello.source(), root, f.section(), f.name(), acked, bytes, sending(bytes.length));
        } catch (IngestFailure e) {
            if (!e.rejected()) {
                throw e;
            }
            refuse(f, e.getMessage());
            return false;
        }
        server.length(f.section(), f.name(), ack.value());
        if (!ack.conflict()) {
            accepted(f);
        }
        // Done when it reached the size seen this round; after a conflict the loop above judges the server's length.
        return ack.value() != f.size() || ack.conflict();
    }

    /**
     * What the files hold that the server lacks, as far as known without reading them: the rest of each
     * log, and the whole of each status or plot whose size or time changed since it was last on the server.
     */
    private long behind(List<LocalFile> files) {
        long total = 0;
        for (LocalFile f : files) {
            if (f.sameVersion(refused.get(f.key()))) {
                continue;
            }
            if (f.section().appended()) {
                total += Math.max(0, f.size() - server.length(f));
                continue;
            }
            Hashed known = hashes.get(f.key());
            String held = f.section() == Section.PLOTS
                    ? server.plots.get(f.name())
                    : server.statuses.containsKey(f.name())
                            ? server.statuses.get(f.name()).sha256()
                            : null;
            if (known == null || !f.sameVersion(known.version) || !known.sha256.equals(held)) {
                total += f.size();
            }
        }
        return total;
    }

    private static long nowMicros() {
        return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    /** A request of {@code bytes} is about to go: what will be left after it. */
    private long sending(long bytes) {
        behind = Math.max(0, behind - bytes);
        return behind;
    }

    private void refuse(LocalFile f, String why) {
        refused.put(f.key(), f);
        reports.once(
                "refused " + f.key(),
                who + ": " + f.key() + " is not shipped: " + why + ". It is tried again when the file changes.");
    }

    private void accepted(LocalFile f) {
        refused.remove(f.key());
        reports.clear("refused " + f.key());
        reports.clear("unreadable " + f.key());
    }

    /** The whole file, or null (reported) when it cannot be read; a file removed meanwhile is quietly skipped. */
    private byte[] read(LocalFile f) {
        try {
            return Files.readAllBytes(f.path());
        } catch (NoSuchFileException | ClosedByInterruptException e) {
            return null;
        } catch (IOException e) {
            unreadable(f, e);
            return null;
        }
    }

    private byte[] readRange(LocalFile f, long offset, int length) {
        try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException | ClosedByInterruptException e) {
            // Removed meanwhile, or the shipper is closing: nothing to report.
            return null;
        } catch (IOException e) {
            unreadable(f, e);
            return null;
        }
    }

    private void unreadable(LocalFile f, IOException e) {
        refused.put(f.key(), f);
        reports.once(
                "unreadable " + f.key(),
                who + ": " + f.path() + " cannot be read (" + IngestApi.describe(e)
                        + "); tried again when it changes.");
    }

    /** What the server does not hold of the files there now, one line each; empty when it holds all. */
    synchronized List<String> missing() {
        List<String> lines = new ArrayList<>();
        // What is here now, not what the last round saw: a round before an outage predates the
        // lines, plots and status the run wrote during it, which are what the server lacks at exit.
        lastScan = selection.scan();
        if (server == null) {
            lines.add(root + ": the server's copy is not known (no manifest since the last failure)");
            for (LocalFile f : lastScan) {
                lines.add(root + ": " + f.key() + " (" + f.size() + " bytes) not known to be on the server");
            }
            return lines;
        }
        for (LocalFile f : lastScan) {
            String why = null;
            if (f.section().appended()) {
                long acked = server.length(f);
                if (acked < f.size()) {
                    why = acked + " of " + f.size() + " bytes on the server";
                }
            } else {
                Hashed known = hashes.get(f.key());
                String held = f.section() == Section.STATUS
                        ? (server.statuses.get(f.name()) == null
                                ? null
                                : server.statuses.get(f.name()).sha256())
                        : server.plots.get(f.name());
                if (known == null || !f.sameVersion(known.version) || !known.sha256.equals(held)) {
                    why = "this version not on the server";
                }
            }
            if (why != null) {
                lines.add(root + ": " + f.key() + ": " + why
                        + (f.sameVersion(refused.get(f.key())) ? " (refused, see above)" : ""));
            }
        }
        return lines;
    }

    @Override
    public String toString() {
        return "root '" + root + "' (" + monitoringDir + ")";
    }
}

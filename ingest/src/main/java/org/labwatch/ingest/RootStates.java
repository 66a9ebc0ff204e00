package org.labwatch.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.labwatch.internal.files.FileLocks;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoredPlot;

/**
 * What the ingest remembers of a root beside the stores: each status copy's version and SHA-256 and
 * each plot's SHA-256, in {@code <root>/.ingest-state.json} on this server's own disk (its directory
 * is made when the stores keep nothing there, as one in a database does), written (temp file and
 * rename) after the store has written. An entry counts only while the store still holds what was
 * written, asked of the store: a status copy whose stored bytes have the noted SHA-256, a plot of
 * the noted size and time; an entry whose copy is gone or other (deleted, edited by hand) counts as
 * unknown. Losing the file, or an entry, costs nothing but a resend: an unknown status version
 * takes the next version sent, and an unknown plot hash stores the same bytes again. So each server
 * sharing one store keeps a file of its own: a shipper that reaches another server sends that one
 * the statuses and plots it has not noted, and the copies stay what they were. Log lengths are never
 * kept here: they come from the sink, which holds the bytes.
 */
final class RootStates {

    private static final Logger LOG = System.getLogger(RootStates.class.getName());

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusCopy(long version, String sha256) {}

    /** {@code stamp}: the stored plot's size and time, as {@link #stamp(StoredPlot)} writes them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlotCopy(String sha256, String stamp) {}

    /** The file's form; fields of earlier forms (a file stamp per status copy) are passed over. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(Map<String, StatusCopy> status, Map<String, PlotCopy> plots) {
        State {
            status = status == null ? new TreeMap<>() : new TreeMap<>(status);
            plots = plots == null ? new TreeMap<>() : new TreeMap<>(plots);
        }
    }

    /** Only updates wait for each other, and only within a root; reads see a whole file (it is renamed into place). */
    private final FileLocks locks = new FileLocks();

    /**
     * The noted copy of a status file, when the store still holds its bytes.
     *
     * @throws IOException when the store cannot say (it is away): a version must not be taken blind
     */
    Optional<StatusCopy> status(StatusStore store, RootDirs root, String file) throws IOException {
        StatusCopy copy = load(root).status().get(file);
        return copy != null && holds(store, root.file(Route.Kind.STATUS, file), copy.sha256())
                ? Optional.of(copy)
                : Optional.empty();
    }

    Optional<String> plot(PlotStore store, RootDirs root, String file) throws IOException {
        PlotCopy copy = load(root).plots().get(file);
        return copy != null && holds(store, root, file, copy.stamp()) ? Optional.of(copy.sha256()) : Optional.empty();
    }

    /** The status copies the store still holds, by file name; none when it cannot say. */
    Map<String, StatusCopy> statuses(StatusStore store, RootDirs root) {
        Map<String, StatusCopy> out = new LinkedHashMap<>();
        if (store == null) {
            return out;
        }
        for (Map.Entry<String, StatusCopy> e : load(root).status().entrySet()) {
            try {
                if (holds(
                        store,
                        root.file(Route.Kind.STATUS, e.getKey()),
                        e.getValue().sha256())) {
                    out.put(e.getKey(), e.getValue());
                }
            } catch (IOException unsure) {
                // Left out: the shipper sends it again, and the PUT then checks.
            }
        }
        return out;
    }

    /** The plots' hashes whose copies the store still holds, by file name; none when it cannot say. */
    Map<String, String> plots(PlotStore store, RootDirs root) {
        Map<String, String> out = new LinkedHashMap<>();
        if (store == null) {
            return out;
        }
        for (Map.Entry<String, PlotCopy> e : load(root).plots().entrySet()) {
            try {
                if (holds(store, root, e.getKey(), e.getValue().stamp())) {
                    out.put(e.getKey(), e.getValue().sha256());
                }
            } catch (IOException unsure) {
                // Left out, as above.
            }
        }
        return out;
    }

    /** After the store wrote it: a failure here is logged, not thrown, as the copy itself is stored. */
    void recordStatus(RootDirs root, String file, long version, String sha256) {
        update(root, file, state -> state.status().put(file, new StatusCopy(version, sha256)));
    }

    /** After the store wrote it; the stamp is the store's own listing of the plot, as later checks see it. */
    void recordPlot(PlotStore store, RootDirs root, String file, String sha256) {
        update(root, file, state -> {
            Optional<StoredPlot> stored = store.find(root.dir(Route.Kind.PLOTS), file);
            if (stored.isEmpty()) {
                throw new IOException("the plot store does not list it right after writing it");
            }
            state.plots().put(file, new PlotCopy(sha256, stamp(stored.get())));
        });
    }

    private static boolean holds(StatusStore store, Path file, String sha256) throws IOException {
        if (store == null || sha256 == null) {
            return false;
        }
        try {
            return sha256.equals(Sha256.hex(store.readBytes(file)));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean holds(PlotStore store, RootDirs root, String file, String stamp) throws IOException {
        if (store == null || stamp == null) {
            return false;
        }
        Optional<StoredPlot> stored = store.find(root.dir(Route.Kind.PLOTS), file);
        return stored.isPresent() && stamp.equals(stamp(stored.get()));
    }

    /**
     * Size and time of a stored plot. A plot is replaced whole (atomically, with a new time), and a
     * store gives the same time for it every time it is asked.
     */
    static String stamp(StoredPlot plot) {
        Instant t = plot.modified();
        return plot.bytes() + ":" + (t == null ? "" : t.getEpochSecond() + "." + t.getNano());
    }

    private interface Change {
        void apply(State state) throws IOException;
    }

    private void update(RootDirs root, String file, Change change) {
        Path path = root.stateFile();
        try (FileLocks.Held held = locks.lock(path)) {
            State state = load(root);
            change.apply(state);
            write(path, state);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Cannot note " + file + " in " + path + " (the stored copy is fine; at worst it is sent again): "
                            + e);
        }
    }

    private static State load(RootDirs root) {
        Path path = root.stateFile();
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(path), State.class);
        } catch (NoSuchFileException e) {
            return new State(null, null);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Cannot read " + path + "; its root's status versions and plot hashes start over: " + e);
            return new State(null, null);
        }
    }

    private static void write(Path path, State state) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // Made here when no store put it there (one that keeps no files on this disk).
            Files.createDirectories(path.getParent());
            Files.write(temp, Json.MAPPER.writeValueAsBytes(state));
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

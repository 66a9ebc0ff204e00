package org.labwatch.ingest;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.labwatch.internal.files.FileLocks;

/**
 * What the ingest remembers of a root beside the stores: each status copy's version and SHA-256 and
 * each plot's SHA-256, in {@code <root>/.ingest-state.json}, written (temp file and rename) after the
 * store has written. Each entry also notes the stored file's size, time and inode; an entry whose
 * file is no longer that one (deleted, edited by hand) counts as unknown. Losing the file, or an
 * entry, costs nothing but a resend: an unknown status version takes the next version sent, and an
 * unknown plot hash stores the same bytes again. Log lengths are never kept here: they come from
 * the sink, which holds the bytes.
 */
final class RootStates {

    private static final Logger LOG = System.getLogger(RootStates.class.getName());

    record StatusCopy(long version, String sha256, String file) {}

    record PlotCopy(String sha256, String file) {}

    /** The file's form. */
    record State(Map<String, StatusCopy> status, Map<String, PlotCopy> plots) {
        State {
            status = status == null ? new TreeMap<>() : new TreeMap<>(status);
            plots = plots == null ? new TreeMap<>() : new TreeMap<>(plots);
        }
    }

    /** Only updates wait for each other, and only within a root; reads see a whole file (it is renamed into place). */
    private final FileLocks locks = new FileLocks();

    Optional<StatusCopy> status(RootDirs root, String file) {
        StatusCopy copy = load(root).status().get(file);
        return copy != null && isStill(root.file(Route.Kind.STATUS, file), copy.file())
                ? Optional.of(copy)
                : Optional.empty();
    }

    Optional<String> plot(RootDirs root, String file) {
        PlotCopy copy = load(root).plots().get(file);
        return copy != null && isStill(root.file(Route.Kind.PLOTS, file), copy.file())
                ? Optional.of(copy.sha256())
                : Optional.empty();
    }

    /** The status copies whose files are still the ones written, by file name. */
    Map<String, StatusCopy> statuses(RootDirs root) {
        Map<String, StatusCopy> out = new LinkedHashMap<>();
        load(root).status().forEach((name, copy) -> {
            if (isStill(root.file(Route.Kind.STATUS, name), copy.file())) {
                out.put(name, copy);
            }
        });
        return out;
    }

    /** The plots' hashes whose files are still the ones written, by file name. */
    Map<String, String> plots(RootDirs root) {
        Map<String, String> out = new LinkedHashMap<>();
        load(root).plots().forEach((name, copy) -> {
            if (isStill(root.file(Route.Kind.PLOTS, name), copy.file())) {
                out.put(name, copy.sha256());
            }
        });
        return out;
    }

    /** After the store wrote it: a failure here is logged, not thrown, as the copy itself is stored. */
    void recordStatus(RootDirs root, String file, long version, String sha256) {
        update(
                root,
                file,
                state -> state.status()
                        .put(file, new StatusCopy(version, sha256, stamp(root.file(Route.Kind.STATUS, file)))));
    }

    void recordPlot(RootDirs root, String file, String sha256) {
        update(
                root,
                file,
                state -> state.plots().put(file, new PlotCopy(sha256, stamp(root.file(Route.Kind.PLOTS, file)))));
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

    private static boolean isStill(Path file, String stamp) {
        try {
            return stamp != null && stamp.equals(stamp(file));
        } catch (IOException e) {
            return false;
        }
    }

    /** Size, time and inode of a file: an atomic replace within one clock tick changes the inode. */
    static String stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + a.fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}

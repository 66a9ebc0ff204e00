package org.labwatch.web.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.PlotRecord;
import org.labwatch.internal.files.FileVersion;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/**
 * The plots of an experiment, from its plot directories only, through the bound plot store (its
 * plots need not be files here). Every plot is typed from its own bytes when it is listed and again
 * when it is served (from the same open stream that is sent), so a file renamed {@code .png} that
 * holds HTML is never served as anything.
 */
final class PlotFiles {

    /** A plot file as listed: name, type from content, size, modification time. */
    record Entry(String file, String mediaType, long bytes, String modified) {}

    /** A plot ready to stream: the type its bytes have, the stream positioned at 0, and an ETag. */
    record Opened(PlotType type, InputStream in, long length, String etag) {}

    private static final System.Logger LOG = System.getLogger(PlotFiles.class.getName());

    private PlotFiles() {}

    /**
     * Newest first across the directories, as the plot store lists each (a name in an earlier
     * directory hides the same name in a later one). A labwatch status (format 1+) names its run's
     * plots, so only those are listed: a data directory's plots directory is shared by every run
     * written into it. A seed status names none, so the whole directory is its. A directory that
     * cannot be listed is left out (and logged), unless a store is away ({@code storeAway}): then
     * the failure is the outage's, and the request says so.
     */
    static List<Entry> list(PlotStore store, List<Path> dirs, ExperimentStatus status, boolean storeAway)
            throws IOException {
        Set<String> named = null;
        if (status != null && status.formatVersion() >= 1) {
            named = new HashSet<>();
            for (PlotRecord p : status.plots()) {
                named.add(p.file());
            }
        }
        Map<String, StoredPlot> byName = new LinkedHashMap<>();
        for (Path dir : dirs) {
            try {
                for (StoredPlot plot : store.list(dir)) {
                    String name = plot.fileName();
                    if (plot.type() != null
                            && !byName.containsKey(name)
                            && PathSegments.problem(name) == null
                            && (named == null || named.contains(name))) {
                        byName.put(name, plot);
                    }
                }
            } catch (IOException e) {
                if (storeAway) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "cannot list plot directory " + dir + ": " + e);
            }
        }
        List<StoredPlot> plots = new ArrayList<>(byName.values());
        plots.sort(Comparator.comparing(StoredPlot::modified).reversed().thenComparing(StoredPlot::fileName));
        List<Entry> out = new ArrayList<>(plots.size());
        for (StoredPlot p : plots) {
            out.add(new Entry(
                    p.fileName(), p.type().mediaType(), p.bytes(), p.modified().toString()));
        }
        return out;
    }

    /**
     * The plot {@code name} of the first directory whose store has it as an image, or null: the
     * store finds it ({@link PlotStore#find}, which keeps links inside their directory) and opens it,
     * and the type is taken from the first bytes of the stream that is sent. {@code name} must
     * already have passed {@link PathSegments#checkName}.
     */
    static Opened open(PlotStore store, List<Path> dirs, String name) throws IOException {
        for (Path dir : dirs) {
            Optional<StoredPlot> found = store.find(dir, name);
            if (found.isEmpty()) {
                continue;
            }
            StoredPlot plot = found.get();
            InputStream in = new BufferedInputStream(store.open(plot), PlotType.SNIFF_BYTES);
            try {
                in.mark(PlotType.SNIFF_BYTES);
                byte[] head = in.readNBytes(PlotType.SNIFF_BYTES);
                in.reset();
                PlotType type = PlotType.of(head, head.length);
                if (type == null) {
                    // Not an image: not listed either, so a later directory's image of that name is the one.
                    in.close();
                    continue;
                }
                return new Opened(type, in, plot.bytes(), tag(plot));
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }
        return null;
    }

    /** The version of a stored plot: size, time and name (a store without files has no inode to give). */
    static String tag(StoredPlot plot) {
        return version(plot.bytes(), plot.modified(), plot.fileName()).etag();
    }

    /** The one "same version" rule ({@link FileVersion}), from what any store can say of a file. */
    static FileVersion version(long size, Instant modified, String name) {
        long nanos = modified == null ? 0 : modified.getEpochSecond() * 1_000_000_000L + modified.getNano();
        return new FileVersion(size, nanos, name);
    }
}

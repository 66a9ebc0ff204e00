package org.labwatch.web.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.PlotRecord;
import org.labwatch.internal.files.Confinement;
import org.labwatch.internal.files.FileVersion;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/**
 * The plots of an experiment, from its plot directories only. Every file is typed from its own
 * bytes when it is listed and again when it is served (from the same open stream that is sent),
 * so a file renamed {@code .png} that holds HTML is never served as anything.
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
     * written into it. A seed status names none, so the whole directory is its.
     */
    static List<Entry> list(PlotStore store, List<Path> dirs, ExperimentStatus status) {
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
     * The file {@code name} of the first directory that has it, or null: null also when it is not a
     * regular file, when a link leads outside the directory, or when its bytes are no image type.
     * {@code name} must already have passed {@link PathSegments#checkName}.
     */
    static Opened open(List<Path> dirs, String name) throws IOException {
        for (Path dir : dirs) {
            Path real = Confinement.inside(dir, name);
            if (real == null) {
                continue;
            }
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            InputStream in = new BufferedInputStream(Files.newInputStream(real), PlotType.SNIFF_BYTES);
            try {
                in.mark(PlotType.SNIFF_BYTES);
                byte[] head = in.readNBytes(PlotType.SNIFF_BYTES);
                in.reset();
                PlotType type = PlotType.of(head, head.length);
                if (type == null) {
                    in.close();
                    return null;
                }
                return new Opened(type, in, a.size(), fileTag(a));
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }
        return null;
    }

    static String fileTag(BasicFileAttributes a) {
        return FileVersion.of(a).etag();
    }
}

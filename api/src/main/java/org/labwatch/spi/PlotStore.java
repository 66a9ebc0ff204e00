package org.labwatch.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Stores and lists plot images. */
public interface PlotStore {

    /** Service property naming the storage kind ("file"), for {@code target} filters. */
    String TYPE = "labwatch.store.type";

    /**
     * Checks a plot before anything is written: the name is safe, the bytes are PNG, JPEG or SVG
     * by content, within the size limit; adds the type's extension when the name has none.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    Plot prepare(String name, byte[] bytes);

    /** Writes a prepared plot atomically into {@code plotsDir} (created on demand), replacing one of the same name. */
    StoredPlot store(Path plotsDir, Plot plot) throws IOException;

    /** The plots in a directory, newest first; an empty list when the directory does not exist. */
    List<StoredPlot> list(Path plotsDir) throws IOException;

    /**
     * The plot {@code fileName} of a directory, as {@link #list} would show it; empty when there is
     * none (or no regular file of that name). {@code fileName} is a plain name, already checked by
     * the caller; the store still keeps it inside {@code plotsDir}.
     *
     * @since 3.2
     */
    default Optional<StoredPlot> find(Path plotsDir, String fileName) throws IOException {
        for (StoredPlot p : list(plotsDir)) {
            if (p.fileName().equals(fileName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes of a plot that {@link #list} or {@link #find} returned, as a stream the caller closes.
     *
     * @throws java.nio.file.NoSuchFileException when it is gone
     * @since 3.2
     */
    default InputStream open(StoredPlot plot) throws IOException {
        return Files.newInputStream(plot.path());
    }
}

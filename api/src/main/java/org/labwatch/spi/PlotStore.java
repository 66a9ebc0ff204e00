package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
}

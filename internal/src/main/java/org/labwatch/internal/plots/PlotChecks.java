package org.labwatch.internal.plots;

import java.util.Comparator;
import org.labwatch.api.Names;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/**
 * What every plot store checks before it writes a plot, and the order it lists plots in
 * (docs/status-format.md, "Plots"): the files and a database store refuse and name the same plots
 * alike.
 */
public final class PlotChecks {

    /** Newest first (modification time), then by file name. */
    public static final Comparator<StoredPlot> NEWEST_FIRST =
            Comparator.comparing(StoredPlot::modified).reversed().thenComparing(StoredPlot::fileName);

    private PlotChecks() {}

    /**
     * {@link org.labwatch.spi.PlotStore#prepare}: a safe name, bytes that are PNG, JPEG or SVG by
     * content, at most {@code maxBytes}; the content's extension added when the name has none.
     *
     * @param limitSetting where {@code maxBytes} is set, for the message ("maxBytes of org.labwatch.plots")
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Plot prepare(String name, byte[] bytes, long maxBytes, String limitSetting) {
        Names.checkName("plot name", name);
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("plot \"" + name + "\" is empty (no image bytes)");
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("plot \"" + name + "\" is " + bytes.length
                    + " bytes, more than the limit of " + maxBytes + " bytes (setting " + limitSetting + ")");
        }
        PlotType type = PlotType.of(bytes, bytes.length);
        if (type == null) {
            throw new IllegalArgumentException(
                    "plot \"" + name + "\" is not a PNG, JPEG or SVG image (it starts with bytes "
                            + PlotContent.firstBytes(bytes) + ")");
        }
        return new Plot(PlotFileName.of(name, type), type, bytes);
    }

    /**
     * The file name a plot is stored under, checked again: {@link Plot} is a public record that
     * anyone can build without {@link #prepare}.
     */
    public static String fileNameToStore(Plot plot) {
        return Names.checkName("plot file name", plot.fileName());
    }
}

package org.labwatch.plots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.labwatch.internal.config.Configs;
import org.labwatch.internal.plots.PlotChecks;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StoredPlot;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Plots as files in {@code <exptPath>/monitoring/plots/}: PNG, JPEG or SVG decided by content,
 * safe names, size-limited, replaced atomically so the dashboard never serves half an image.
 */
@Component(
        name = FilePlotStore.PID,
        service = PlotStore.class,
        configurationPid = FilePlotStore.PID,
        property = PlotStore.TYPE + "=file")
@Designate(ocd = FilePlotStore.Config.class)
public class FilePlotStore implements PlotStore {

    static final String PID = "org.labwatch.plots";

    @ObjectClassDefinition(
            id = PID,
            name = "labwatch plot store",
            description = "Stores experiment plots (PNG, JPEG, SVG) in <exptPath>/monitoring/plots.")
    public @interface Config {

        @AttributeDefinition(
                name = "maxBytes",
                min = "1",
                description =
                        "Largest plot accepted, in bytes. A plot is held in memory while it is checked and written.")
        long maxBytes() default 50L * 1024 * 1024;
    }

    /**
     * Changed in place ({@link #modified}): a re-activated store would leave running experiments
     * without one for a moment, and on a first boot the feature's cfg arrives after the start.
     */
    private volatile long maxBytes;

    /** For {@link java.util.ServiceLoader}: the default configuration. */
    public FilePlotStore() {
        this(Configs.defaults(Config.class));
    }

    @Activate
    public FilePlotStore(Config config) {
        this.maxBytes = checkedMaxBytes(config);
    }

    /** A wrong value is refused (SCR logs the message) and the one in use stays. */
    @Modified
    void modified(Config config) {
        maxBytes = checkedMaxBytes(config);
    }

    private static long checkedMaxBytes(Config config) {
        long max = config.maxBytes();
        if (max <= 0) {
            throw new IllegalArgumentException(PID + " maxBytes must be positive, got " + max);
        }
        return max;
    }

    @Override
    public Plot prepare(String name, byte[] bytes) {
        return PlotChecks.prepare(name, bytes, maxBytes, "maxBytes of " + PID);
    }

    @Override
    public StoredPlot store(Path plotsDir, Plot plot) throws IOException {
        return PlotDirectory.store(plotsDir, plot);
    }

    @Override
    public List<StoredPlot> list(Path plotsDir) throws IOException {
        return PlotDirectory.list(plotsDir);
    }

    /** One file looked at, not the directory listed: a page's images each ask for one plot. */
    @Override
    public Optional<StoredPlot> find(Path plotsDir, String fileName) throws IOException {
        return Optional.ofNullable(PlotDirectory.find(plotsDir, fileName));
    }

    @Override
    public String toString() {
        return "file plot store (maxBytes=" + maxBytes + ")";
    }
}

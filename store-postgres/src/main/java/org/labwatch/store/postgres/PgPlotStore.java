package org.labwatch.store.postgres;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.labwatch.api.Names;
import org.labwatch.internal.plots.PlotChecks;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/**
 * Plots in the database under their plots directory's key: checked by the plot store's rules
 * ({@link PlotChecks}), replaced whole in one transaction (a reader gets the old plot or the new
 * one), listed newest first, each typed from its own bytes.
 */
final class PgPlotStore implements PlotStore {

    private final StoredFiles files;
    private final LongSupplier maxBytes;

    /** @param maxBytes the limit now ({@code maxPlotBytes}, changed in place) */
    PgPlotStore(StoredFiles files, LongSupplier maxBytes) {
        this.files = files;
        this.maxBytes = maxBytes;
    }

    @Override
    public Plot prepare(String name, byte[] bytes) {
        return PlotChecks.prepare(name, bytes, maxBytes.getAsLong(), "maxPlotBytes of " + PostgresStore.PID);
    }

    @Override
    public StoredPlot store(Path plotsDir, Plot plot) throws IOException {
        String fileName = PlotChecks.fileNameToStore(plot);
        FileRow row = files.replace(plotsDir.resolve(fileName), FileKind.PLOT, plot.bytes());
        return new StoredPlot(fileName, row.path(), plot.type(), row.length(), row.modified());
    }

    @Override
    public List<StoredPlot> list(Path plotsDir) throws IOException {
        List<StoredPlot> plots = new ArrayList<>();
        for (StoredContent c : files.heads(plotsDir, FileKind.PLOT, PlotType.SNIFF_BYTES)) {
            if (!c.row().name().startsWith(".")) {
                plots.add(plot(c));
            }
        }
        plots.sort(PlotChecks.NEWEST_FIRST);
        return plots;
    }

    @Override
    public Optional<StoredPlot> find(Path plotsDir, String fileName) throws IOException {
        if (Names.lookupProblem(fileName) != null) {
            // only a plain name stays in its directory ("..", separators): no other key is looked up
            return Optional.empty();
        }
        return files.head(plotsDir.resolve(fileName), PlotType.SNIFF_BYTES)
                .filter(c -> c.row().kind() == FileKind.PLOT)
                .map(PgPlotStore::plot);
    }

    @Override
    public InputStream open(StoredPlot plot) throws IOException {
        return new ByteArrayInputStream(files.content(plot.path()));
    }

    private static StoredPlot plot(StoredContent c) {
        byte[] head = c.content() == null ? new byte[0] : c.content();
        FileRow row = c.row();
        return new StoredPlot(row.name(), row.path(), PlotType.of(head, head.length), row.length(), row.modified());
    }
}

package org.labwatch.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.labwatch.internal.files.FileLocks;
import org.labwatch.spi.Plot;

/**
 * {@code PUT .../plots/{file}}: the image is checked and written by the plot store (prepare, then
 * store), once: the same bytes again are answered {@code "stored": false} without a write.
 */
final class PlotCopies {

    private final FileLocks locks;
    private final RootStates states;

    PlotCopies(FileLocks locks, RootStates states) {
        this.locks = locks;
        this.states = states;
    }

    Answer put(Stores stores, RootDirs root, String name, byte[] body) throws IOException {
        Plot plot = stores.plots().prepare(name, body);
        if (!plot.fileName().equals(name)) {
            // The store would write another name than the shipper's file has; the manifest would never match.
            throw new IllegalArgumentException("plot \"" + name + "\" needs the extension of its content ("
                    + plot.type().extension() + ")");
        }
        String sha256 = Sha256.hex(body);
        Path file = root.file(Route.Kind.PLOTS, name);
        try (FileLocks.Held held = locks.lock(file)) {
            Optional<String> known = states.plot(stores.plots(), root, name);
            if (known.isPresent() && known.get().equals(sha256)) {
                return answer(sha256, false);
            }
            stores.plots().store(root.dir(Route.Kind.PLOTS), plot);
            states.recordPlot(stores.plots(), root, name, sha256);
            return answer(sha256, true);
        }
    }

    /** In the order docs/remote.md shows. */
    private static Answer answer(String sha256, boolean stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sha256", sha256);
        body.put("stored", stored);
        return Answer.ok(body);
    }
}

package org.labwatch.ingest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/ingest/v1/{source}/{root}}: what the server has of a root, where a shipper resumes
 * from. Log lengths come from the sink ({@link org.labwatch.spi.LogSink#mirroredLengths}, so a sink
 * that keeps no files answers too); status versions and plot hashes from the root's state, for
 * copies the stores still hold as written. A root never seen has empty maps.
 */
final class Manifest {

    private final RootStates states;

    Manifest(RootStates states) {
        this.states = states;
    }

    Answer of(Stores stores, RootDirs root) throws IOException {
        Map<String, Object> status = new TreeMap<>();
        states.statuses(stores.statuses(), root).forEach((name, copy) -> {
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("version", copy.version());
            held.put("sha256", copy.sha256());
            status.put(name, held);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logs", new TreeMap<>(stores.logs().mirroredLengths(root.dir(Route.Kind.LOGS))));
        body.put("metrics", new TreeMap<>(stores.logs().mirroredLengths(root.dir(Route.Kind.METRICS))));
        body.put("status", status);
        body.put("plots", new TreeMap<>(states.plots(stores.plots(), root)));
        return Answer.ok(body);
    }
}

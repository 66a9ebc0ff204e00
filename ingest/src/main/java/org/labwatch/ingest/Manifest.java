package org.labwatch.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.labwatch.api.Names;

/**
 * {@code GET /api/ingest/v1/{source}/{root}}: what the server has of a root, where a shipper resumes
 * from. Log lengths come from the sink; status versions and plot hashes from the root's state, for
 * files that are still the ones written. A root never seen has empty maps.
 */
final class Manifest {

    private final RootStates states;

    Manifest(RootStates states) {
        this.states = states;
    }

    Answer of(Stores stores, RootDirs root) throws IOException {
        Map<String, Object> status = new TreeMap<>();
        states.statuses(root).forEach((name, copy) -> {
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("version", copy.version());
            held.put("sha256", copy.sha256());
            status.put(name, held);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logs", lengths(stores, root.dir(Route.Kind.LOGS)));
        body.put("metrics", lengths(stores, root.dir(Route.Kind.METRICS)));
        body.put("status", status);
        body.put("plots", new TreeMap<>(states.plots(root)));
        return Answer.ok(body);
    }

    private static Map<String, Long> lengths(Stores stores, Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                // Only what a shipper could have sent: no temp files, nothing hidden, no directories.
                if (Names.lookupProblem(name) == null && Files.isRegularFile(file)) {
                    out.put(name, stores.logs().mirroredLength(file));
                }
            }
        } catch (NoSuchFileException e) {
            // a root, or a kind of file, not shipped yet
        }
        return out;
    }
}

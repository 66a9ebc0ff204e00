package org.labwatch.ingest;

import java.nio.file.Path;

/**
 * Where one shipped root lives: {@code <remote>/<source>/<root>/monitoring/{logs,metrics,status,plots}/},
 * the layout the index reads, and the ingest's own state beside {@code monitoring/}, where no reader
 * of monitoring directories looks.
 */
record RootDirs(Path root) {

    static final String STATE_FILE = ".ingest-state.json";

    /** @param source and {@code name} checked by {@link Route} already: single, safe segments */
    static RootDirs of(Path remote, String source, String name) {
        return new RootDirs(remote.resolve(source).resolve(name));
    }

    Path monitoring() {
        return root.resolve("monitoring");
    }

    Path dir(Route.Kind kind) {
        return monitoring().resolve(kind.directory);
    }

    Path file(Route.Kind kind, String name) {
        return dir(kind).resolve(name);
    }

    Path stateFile() {
        return root.resolve(STATE_FILE);
    }
}

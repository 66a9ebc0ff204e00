package org.labwatch.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The directories of {@code org.labwatch.index}, made absolute. Relative paths are relative to the
 * Karaf base directory, where {@code ./labwatch} and a lab's {@code etc/*.cfg} expect them.
 */
record Directories(List<Path> status, List<Path> logs, List<Path> plots, Path remote) {

    static Directories of(IndexConfig config) {
        Path base = Path.of(System.getProperty("karaf.base", "."));
        Path data = base.resolve(config.dataDir().trim()).toAbsolutePath().normalize();
        Set<Path> status = new LinkedHashSet<>();
        status.add(data.resolve("monitoring").resolve("status"));
        status.addAll(split(base, config.statusDirs()));
        String remote = config.remoteDir() == null ? "" : config.remoteDir().trim();
        return new Directories(
                List.copyOf(status),
                split(base, config.logDirs()),
                split(base, config.plotsDirs()),
                remote.isEmpty()
                        ? data.resolve("remote")
                        : data.resolve(remote).toAbsolutePath().normalize());
    }

    /** Each status directory's sibling {@code logs}, as the seed lays them out, then the extra ones. */
    List<Path> allLogs() {
        Set<Path> dirs = new LinkedHashSet<>(siblings("logs"));
        dirs.addAll(logs);
        return List.copyOf(dirs);
    }

    /** Each status directory's sibling {@code kind} ({@code logs}, {@code metrics}). */
    List<Path> siblings(String kind) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path s : status) {
            if (s.getParent() != null) {
                dirs.add(s.getParent().resolve(kind));
            }
        }
        return List.copyOf(dirs);
    }

    private static List<Path> split(Path base, String commaSeparated) {
        List<Path> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(base.resolve(part.trim()).toAbsolutePath().normalize());
            }
        }
        return out;
    }
}

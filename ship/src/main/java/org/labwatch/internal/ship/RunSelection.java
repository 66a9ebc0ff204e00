package org.labwatch.internal.ship;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The files the runs of this JVM name in one monitoring directory. Other files there (another
 * program's runs, earlier runs) are not this client's to ship; {@code labwatch ship} ships a whole
 * directory.
 */
final class RunSelection implements Selection {

    private final Path monitoringDir;
    private final List<ShippedRun> runs = new CopyOnWriteArrayList<>();
    /** The runs that had ended when the last scan saw them: let go when the server holds what it saw. */
    private List<ShippedRun> endedAtLastScan = List.of();

    RunSelection(Path monitoringDir) {
        this.monitoringDir = monitoringDir;
    }

    void add(ShippedRun run) {
        runs.add(run);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    @Override
    public List<LocalFile> scan() {
        Set<String> logs = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> statuses = new LinkedHashSet<>();
        Set<String> plots = new LinkedHashSet<>();
        List<ShippedRun> ended = new ArrayList<>();
        for (ShippedRun run : runs) {
            // Read the flag first: whatever the run wrote before it ended is on disk by the stats below.
            if (run.isEnded()) {
                ended.add(run);
            }
            logs.add(run.logFile);
            metrics.add(run.metricsFile);
            statuses.add(run.statusFile);
            plots.addAll(run.plots);
        }
        endedAtLastScan = ended;
        List<LocalFile> files = new ArrayList<>();
        add(files, Section.PLOTS, plots);
        add(files, Section.STATUS, statuses);
        add(files, Section.LOGS, logs);
        add(files, Section.METRICS, metrics);
        return files;
    }

    private void add(List<LocalFile> files, Section section, Set<String> names) {
        Path dir = monitoringDir.resolve(section.dir);
        for (String name : names) {
            LocalFile f = Selection.stat(section, dir, name);
            if (f != null) {
                files.add(f);
            }
        }
    }

    @Override
    public boolean settled() {
        runs.removeAll(endedAtLastScan);
        endedAtLastScan = List.of();
        return runs.isEmpty();
    }

    @Override
    public String toString() {
        return monitoringDir + " (" + runs.size() + " run(s) of this JVM)";
    }
}

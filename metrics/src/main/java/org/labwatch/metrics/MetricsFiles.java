package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.files.Confinement;
import org.labwatch.spi.StatusReading;

/**
 * Which file holds a run's metrics (docs/metrics.md): {@code <monitoring>/metrics/<stem>.csv}, where
 * the monitoring directory is the one holding the run's status directory and the stem is its log
 * file's name without {@code .log}. A writer that names no log file (the Python tool of the seed)
 * gets the newest {@code <name>_YYYYmmdd_HHMMSS.csv} by its stamp, remembered while the directory's
 * time stays the same: a chart asks several times a second, and listing a directory of thousands of
 * runs' files for each answer cost more than the answer. Never a file reached through a link that
 * leads out of its directory.
 */
final class MetricsFiles {

    static final String SUFFIX = ".csv";
    private static final Pattern RUN_FILE = Pattern.compile("(.+)_\\d{8}_\\d{6}\\.csv");
    private static final System.Logger LOG = System.getLogger(MetricsFiles.class.getName());
    /**
     * Coarser than any file system's directory time (FAT's 2 s) and than clock skew to a file
     * server: a file made within this of a directory time seen is not trusted to show in it.
     */
    private static final long TIME_GRANULARITY_MS = 3_000;

    /** What {@link #newest} found in a directory for a name, valid while the directory's time is the same. */
    private record Found(FileTime dirTime, Path file, long foundAtMillis) {
        boolean stillValid(FileTime now) {
            return dirTime.equals(now)
                    && foundAtMillis - dirTime.toMillis() >= TIME_GRANULARITY_MS
                    && (file == null || Files.isRegularFile(file));
        }
    }

    private static final Map<List<Object>, Found> FOUND =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Object>, Found> eldest) {
                    return size() > 1024;
                }
            });

    private MetricsFiles() {}

    /** The run's metrics directory: its status directory's sibling {@code metrics}. */
    static Path directoryOf(StatusReading run) {
        Path statusDir = run.file().toAbsolutePath().getParent();
        Path monitoring = statusDir == null ? null : statusDir.getParent();
        return monitoring == null ? null : monitoring.resolve("metrics");
    }

    static Optional<Path> of(StatusReading run) {
        Path dir = directoryOf(run);
        if (dir == null) {
            return Optional.empty();
        }
        ExperimentStatus s = run.status();
        String logFile = s == null ? null : s.logFile();
        if (logFile != null) {
            // This run's own file or none: another run's file of the same name would show the wrong run.
            String csv = stem(logFile) + SUFFIX;
            Path candidate = dir.resolve(csv);
            return Names.lookupProblem(csv) == null
                            && Files.isRegularFile(candidate)
                            && Confinement.staysInside(dir, candidate)
                    ? Optional.of(candidate)
                    : Optional.empty();
        }
        String name = s != null ? s.experimentName() : MonitoringLayout.experimentIdOf(run.file());
        return name == null ? Optional.empty() : newest(dir, name);
    }

    /** The log file's name without {@code .log}: the stem its metrics file shares. */
    static String stem(String logFile) {
        return logFile.endsWith(MonitoringLayout.LOG_SUFFIX)
                ? logFile.substring(0, logFile.length() - MonitoringLayout.LOG_SUFFIX.length())
                : logFile;
    }

    /** The {@code <name>} of {@code <name>_YYYYmmdd_HHMMSS.csv}, or null. */
    static String runName(String fileName) {
        Matcher m = RUN_FILE.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }

    private static Optional<Path> newest(Path dir, String name) {
        FileTime dirTime;
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            if (!a.isDirectory()) {
                return Optional.empty();
            }
            dirTime = a.lastModifiedTime();
        } catch (IOException e) {
            return Optional.empty(); // no directory
        }
        List<Object> key = List.of(dir, name);
        Found known = FOUND.get(key);
        if (known != null && known.stillValid(dirTime)) {
            return Optional.ofNullable(known.file());
        }
        long now = System.currentTimeMillis();
        Path newest = null;
        String newestName = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                String file = p.getFileName().toString();
                // The stamp sorts as text, so the greatest name is the newest run.
                if (name.equals(runName(file))
                        && (newestName == null || file.compareTo(newestName) > 0)
                        && Confinement.staysInside(dir, p)) {
                    newest = p;
                    newestName = file;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list metrics directory " + dir + ": " + e);
            return Optional.ofNullable(newest);
        }
        FOUND.put(key, new Found(dirTime, newest, now));
        return Optional.ofNullable(newest);
    }
}

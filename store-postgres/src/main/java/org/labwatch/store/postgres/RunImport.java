package org.labwatch.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.logs.LogNames;
import org.labwatch.spi.MirrorOffsetException;
import org.labwatch.spi.PlotType;

/**
 * {@code import DIR...}: copies runs written as files (by labwatch's Java or Python client, or the
 * seed's Python tool) into the database under their keys, so that a server switched to the database
 * shows them where it showed them before. Running it again changes nothing that is already there:
 *
 * <ul>
 *   <li>a status or plot is written when the database has none of that name, or another content
 *       and an older time than the file's (the file changed since); a newer copy in the database
 *       (the run went on there) is kept and said;
 *   <li>a log or metrics file whose bytes the database holds as a prefix gets the rest appended;
 *       one whose bytes differ from the database's copy at the same offsets is said and left alone,
 *       never added twice.
 * </ul>
 *
 * Files are taken oldest first, so that the database's times put them in the files' order (the
 * newest log of a name is a run's log when its status names none).
 */
final class RunImport {

    /** The files of a monitoring directory, by what they are. */
    enum Part {
        STATUS("status", FileKind.STATUS, "statuses"),
        LOGS("logs", FileKind.LOG, "logs"),
        METRICS("metrics", FileKind.METRICS, "metrics files"),
        PLOTS("plots", FileKind.PLOT, "plots");

        final String dir;
        final FileKind kind;
        final String words;

        Part(String dir, FileKind kind, String words) {
            this.dir = dir;
            this.kind = kind;
            this.words = words;
        }
    }

    /** What an import found and did, by part. */
    static final class Counts {
        int runs;
        final Map<Part, Integer> found = new EnumMap<>(Part.class);
        final Map<Part, Long> bytes = new EnumMap<>(Part.class);
        int changed;
        int kept;
        int refused;

        void add(Counts other) {
            runs += other.runs;
            other.found.forEach((p, n) -> found.merge(p, n, Integer::sum));
            other.bytes.forEach((p, n) -> bytes.merge(p, n, Long::sum));
            changed += other.changed;
            kept += other.kept;
            refused += other.refused;
        }

        /** "12 runs: 12 statuses, 12 logs (3.4 MB), 40 plots; 0 changed". */
        String describe() {
            StringBuilder s = new StringBuilder().append(runs).append(runs == 1 ? " run: " : " runs: ");
            List<String> parts = new ArrayList<>();
            for (Part p : Part.values()) {
                int n = found.getOrDefault(p, 0);
                if (n == 0 && (p == Part.METRICS || p == Part.PLOTS)) {
                    continue;
                }
                String text = n + " " + (n == 1 ? singular(p) : p.words);
                if (!p.kind.whole()) {
                    text += " (" + size(bytes.getOrDefault(p, 0L)) + ")";
                }
                parts.add(text);
            }
            s.append(String.join(", ", parts)).append("; ").append(changed).append(" changed");
            if (kept > 0) {
                s.append(", ").append(kept).append(" newer in the database kept");
            }
            if (refused > 0) {
                s.append(", ").append(refused).append(" not imported");
            }
            return s.toString();
        }

        private static String singular(Part p) {
            return switch (p) {
                case STATUS -> "status";
                case LOGS -> "log";
                case METRICS -> "metrics file";
                case PLOTS -> "plot";
            };
        }
    }

    /** Bytes read and compared at a time, and the most one append carries (a transaction each). */
    private static final int BLOCK = 8 << 20;

    private final StoredFiles files;
    private final PrintStream out;

    RunImport(StoredFiles files, PrintStream out) {
        this.files = files;
        this.out = out;
    }

    /**
     * The monitoring directory of a DIR argument: an experiment directory holding {@code monitoring/},
     * or a {@code monitoring/} directory itself (as {@code ship} takes them).
     *
     * @throws IllegalArgumentException saying what the argument is not
     */
    static Path monitoringDir(Path given) {
        Path dir = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(given + " is not a directory");
        }
        if (Files.isDirectory(dir.resolve("monitoring"))) {
            return dir.resolve("monitoring");
        }
        if (dir.getFileName() != null && dir.getFileName().toString().equals("monitoring")) {
            return dir;
        }
        throw new IllegalArgumentException(given + " holds no monitoring/ directory: give an experiment directory"
                + " (DIR/monitoring/{logs,status,plots,metrics}) or its monitoring/ directory");
    }

    /** Imports one monitoring directory; says each file it left alone and why, then what it did. */
    Counts run(Path monitoring) throws IOException {
        Counts counts = new Counts();
        Map<Part, List<Path>> found = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            List<Path> list = filesOf(monitoring.resolve(part.dir), part);
            found.put(part, list);
            counts.found.put(part, list.size());
        }
        counts.runs = runs(found.get(Part.STATUS), found.get(Part.LOGS));
        for (Part part : Part.values()) {
            long bytes = 0;
            for (Path file : found.get(part)) {
                bytes += part.kind.whole()
                        ? importWhole(file, part.kind, counts)
                        : importAppended(file, part.kind, counts);
            }
            counts.bytes.put(part, bytes);
        }
        out.println(monitoring + ": " + counts.describe());
        return counts;
    }

    /** The files a part holds that labwatch would show: named as readers look them up, oldest first. */
    private static List<Path> filesOf(Path dir, Part part) throws IOException {
        record Found(Path path, Instant modified) {}
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Names.lookupProblem(name) != null || !wanted(part, name)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isRegularFile() && (part != Part.PLOTS || isImage(p))) {
                    out.add(new Found(p, a.lastModifiedTime().toInstant()));
                }
            }
        }
        out.sort(Comparator.comparing(Found::modified).thenComparing(Found::path));
        return out.stream().map(Found::path).toList();
    }

    private static boolean wanted(Part part, String name) {
        return switch (part) {
            case STATUS -> name.endsWith(MonitoringLayout.STATUS_SUFFIX);
            case LOGS -> LogNames.isLog(name);
            case METRICS -> name.endsWith(MonitoringLayout.METRICS_SUFFIX);
            case PLOTS -> true;
        };
    }

    /** Plots are images by content; anything else in a plots directory is not shown, so not copied. */
    private static boolean isImage(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PlotType.SNIFF_BYTES);
            return PlotType.of(head, head.length) != null;
        }
    }

    /**
     * A run is a log ({@code <name>_<stamp>.log}), and a status that no log belongs to (a run of
     * the seed's tool whose log is gone, a run that never logged).
     */
    private static int runs(List<Path> statuses, List<Path> logs) {
        Set<String> logNames = new HashSet<>();
        Set<String> logged = new HashSet<>();
        for (Path log : logs) {
            String name = log.getFileName().toString();
            logNames.add(name);
            String experiment = LogNames.experimentOf(name);
            if (experiment != null) {
                logged.add(experiment);
            }
        }
        int runs = logs.size();
        for (Path status : statuses) {
            // the id of a kept earlier run's status is its log's stem, <name>_<stamp>
            String id = MonitoringLayout.experimentIdOf(status);
            if (!logged.contains(id) && !logNames.contains(id + MonitoringLayout.LOG_SUFFIX)) {
                runs++;
            }
        }
        return runs;
    }

    /** A status or plot: written when new, or when the file changed after the database's copy. */
    private long importWhole(Path file, FileKind kind, Counts counts) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Instant fileTime = Files.getLastModifiedTime(file).toInstant();
        // the stored hash is enough to compare: the content itself is not fetched
        Optional<StoredContent> stored = files.whole(file, -1);
        if (stored.isPresent()) {
            if (Arrays.equals(stored.get().sha256(), StoredFiles.sha256(bytes))) {
                return bytes.length;
            }
            if (!fileTime.isAfter(stored.get().row().modified())) {
                out.println("kept the database's copy of " + file + ": it differs, and it changed (at "
                        + stored.get().row().modified() + ") after the file (at " + fileTime + ")");
                counts.kept++;
                return bytes.length;
            }
        }
        files.replace(file, kind, bytes);
        counts.changed++;
        return bytes.length;
    }

    /**
     * A log or metrics file: the bytes the database lacks appended, when what it holds is the
     * file's beginning; else said and left alone.
     */
    private long importAppended(Path file, FileKind kind, Counts counts) throws IOException {
        long length = Files.size(file);
        Optional<FileRow> row = files.file(file);
        if (row.isPresent() && row.get().kind() != kind) {
            out.println("not imported " + file + ": the database holds a "
                    + row.get().kind().column() + " file under its name");
            counts.refused++;
            return length;
        }
        long stored = row.map(FileRow::length).orElse(0L);
        try (InputStream in = Files.newInputStream(file)) {
            long same = Math.min(length, stored);
            for (long at = 0; at < same; ) {
                int n = (int) Math.min(BLOCK, same - at);
                byte[] mine = in.readNBytes(n);
                byte[] theirs = files.read(file, at, n);
                int differs = Arrays.mismatch(mine, theirs);
                if (mine.length < n || differs >= 0) {
                    out.println("not imported " + file + ": its bytes differ from the database's copy from byte "
                            + (at + Math.max(0, differs)) + " on (the file has " + length + " bytes, the database "
                            + stored + "); the database's copy was left as it is");
                    counts.refused++;
                    return length;
                }
                at += n;
            }
            if (length <= stored && row.isPresent()) {
                return length;
            }
            long at = stored;
            try {
                do {
                    byte[] next = in.readNBytes((int) Math.min(BLOCK, length - at));
                    if (next.length == 0 && at < length) {
                        throw new IOException(file + " became shorter while it was imported");
                    }
                    at = files.append(file, kind, at, next);
                } while (at < length);
            } catch (MirrorOffsetException e) {
                out.println("not imported the rest of " + file + ": another writer appended to the database's copy"
                        + " meanwhile (" + e.getMessage() + ")");
                counts.refused++;
                return length;
            }
        }
        counts.changed++;
        return length;
    }

    /** "3.4 MB": decimal units, as people read file sizes. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

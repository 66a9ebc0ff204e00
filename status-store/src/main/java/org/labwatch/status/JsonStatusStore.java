package org.labwatch.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.files.Confinement;
import org.labwatch.internal.files.FileVersion;
import org.labwatch.internal.status.StatusJsonReader;
import org.labwatch.internal.status.StatusJsonWriter;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Status files as JSON in the seed's format, replaced atomically, read whoever wrote them. */
@Component(
        name = "org.labwatch.status",
        service = StatusStore.class,
        configurationPid = "org.labwatch.status",
        property = StatusStore.TYPE + "=json")
@Designate(ocd = JsonStatusStore.Config.class)
public final class JsonStatusStore implements StatusStore {

    @ObjectClassDefinition(
            id = "org.labwatch.status",
            name = "labwatch status store",
            description = "JSON status files in the seed's format")
    public @interface Config {
        @AttributeDefinition(description = "Larger status files are listed as unreadable instead of parsed")
        long maxFileBytes() default 16L * 1024 * 1024;

        @AttributeDefinition(
                description = "Milliseconds between full rescans of watched directories on file systems"
                        + " without watch events (network shares), and between looks for directories not there yet;"
                        + " local ones are rescanned once a minute")
        long rescanIntervalMs() default 2_000L;

        @AttributeDefinition(
                description = "fsync each status file before it replaces the old one"
                        + " (survives power loss, costs a disk flush per write)")
        boolean fsync() default false;

        @AttributeDefinition(
                description = "A status file that reads as empty, truncated or not JSON while it changed within this"
                        + " many milliseconds (a writer rewriting it in place, caught mid-write) keeps its last good"
                        + " reading (a new file is not told yet); it is shown unreadable once it has stayed bad this"
                        + " long after its last change")
        long unreadableAfterMs() default 5_000L;
    }

    /** Reads again at once when a file is caught mid-write: its writer is usually done within these. */
    private static final int QUICK_RETRIES = 3;

    private static final long QUICK_RETRY_MS = 10;

    /**
     * Replaced by {@link #modified}, not by re-activation: a new service would make every consumer
     * drop its watch and start over, and the feature's cfg reaches a freshly installed store only
     * after it has started (fileinstall reads the file the feature just wrote), so each first boot
     * would do that once while experiments and dashboards are already using the store.
     */
    private volatile Config config;

    private final Set<StatusDirectoryWatch> watches = ConcurrentHashMap.newKeySet();
    private final ZoneId zone = ZoneId.systemDefault();
    private final StatusJsonWriter writer;
    private final StatusJsonReader reader;
    /**
     * Every listed file's list view, without messages or errors: a re-list costs a stat per file, not
     * a parse. Room for more files than a lab keeps: with 100,000 runs and room for 20,000, every
     * listing (the index's safety net, once a minute) missed for every file and parsed them all again.
     * A file the watch sees go is dropped ({@link #forget}); an entry costs about 150 bytes beside the
     * list view, which the watch and the index hold anyway.
     */
    static final int LISTED_CACHE_FILES = 500_000;

    private final ReadingCache<ListedReading> listedCache = new ReadingCache<>(LISTED_CACHE_FILES);
    /**
     * Whole statuses of the files read last, for the experiment page and the log follower that
     * read the same running experiments again and again; few, as each holds up to 200 messages.
     */
    private final ReadingCache<StatusReading> wholeCache = new ReadingCache<>(64);

    private final MidWriteHold hold = new MidWriteHold(file -> watches.forEach(w -> w.lookAgain(file)));

    @Activate
    public JsonStatusStore(Config config) {
        this.config = config;
        ObjectMapper mapper = StatusJsonReader.lenientMapper();
        this.writer = new StatusJsonWriter(mapper.getFactory());
        this.reader = new StatusJsonReader(mapper);
    }

    @Modified
    void modified(Config changed) {
        Config before = config;
        config = changed;
        if (before.maxFileBytes() != changed.maxFileBytes()) {
            // a file read as "too large" under the old limit may be readable now, or the reverse
            listedCache.clear();
            wholeCache.clear();
        }
        if (before.rescanIntervalMs() != changed.rescanIntervalMs()) {
            watches.forEach(w -> w.rescanEvery(changed.rescanIntervalMs()));
        }
    }

    @Deactivate
    void deactivate() {
        hold.close();
    }

    /** For {@link java.util.ServiceLoader}: the default settings. */
    public JsonStatusStore() {
        this(org.labwatch.internal.config.Configs.defaults(Config.class));
    }

    @Override
    public void write(Path statusFile, ExperimentStatus status) throws IOException {
        replace(statusFile, out -> writer.write(status, out));
    }

    /**
     * Checked with the reader and limit every read applies, so the copy reads as the original does
     * here; then its bytes replace the file as they are (fields this store does not know included).
     */
    @Override
    public void writeMirrored(Path statusFile, byte[] json) throws IOException {
        String problem = mirroredProblem(statusFile, json);
        if (problem != null) {
            throw new IllegalArgumentException("not a readable status (" + statusFile.getFileName() + "): " + problem);
        }
        replace(statusFile, out -> out.write(json));
    }

    /** Why these bytes would not read as a status here, or null when they do. */
    private String mirroredProblem(Path statusFile, byte[] json) {
        return reader.copyProblem(
                json, idOf(statusFile), zone, config.maxFileBytes(), "maxFileBytes in org.labwatch.status");
    }

    /** What goes into the new file. */
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A temp file beside the target, renamed over it: a reader sees the old or the new content, never a mix. */
    private void replace(Path statusFile, Content content) throws IOException {
        Path dir = statusFile.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + statusFile.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createFile(tmp);
        } catch (NoSuchFileException e) {
            // Directories only on demand: checking them on every write cost a stat per component.
            Files.createDirectories(dir);
            Files.createFile(tmp);
        }
        boolean moved = false;
        try {
            // A stream, not a FileChannel: channels close when the writing thread is interrupted,
            // and this runs in the experiment's thread, which its owner may interrupt.
            try (java.io.FileOutputStream file = new java.io.FileOutputStream(tmp.toFile());
                    OutputStream out = new java.io.BufferedOutputStream(file, 16 * 1024)) {
                content.writeTo(out);
                out.flush();
                if (config.fsync()) {
                    file.getFD().sync();
                }
            }
            try {
                Files.move(tmp, statusFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public StatusReading read(Path statusFile) {
        return read(statusFile, false).reading();
    }

    /**
     * The list view kept for this file if it is still the version these attributes describe (its
     * size, time and inode), else null: what the watch read last, as long as nothing read it since.
     */
    ListedReading listedIfUnchanged(Path statusFile, BasicFileAttributes attrs) {
        return listedCache.get(statusFile, FileVersion.of(attrs));
    }

    /** A file that is gone: what was cached for it goes too. */
    void forget(Path statusFile) {
        listedCache.remove(statusFile);
        wholeCache.remove(statusFile);
    }

    /** The file's list view and checksum, as {@link #list} and the watch keep them. */
    ListedReading listed(Path statusFile) {
        return read(statusFile, true);
    }

    private ListedReading read(Path statusFile, boolean listView) {
        String id = idOf(statusFile);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(statusFile, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return unreadable(
                    StatusReading.unreadable(statusFile, id, "the file does not exist (deleted or renamed)", null, 0));
        } catch (IOException e) {
            return unreadable(StatusReading.unreadable(statusFile, id, "cannot be read: " + e, null, 0));
        }
        Instant modified = attrs.lastModifiedTime().toInstant();
        long size = attrs.size();
        if (Files.isSymbolicLink(statusFile) && !Confinement.staysInside(statusFile.getParent(), statusFile)) {
            // Served to anyone who can open the dashboard: a link must not make a file elsewhere readable.
            return unreadable(StatusReading.unreadable(
                    statusFile, id, "a link that leads out of its directory; not read", modified, size));
        }
        FileVersion version = FileVersion.of(attrs);
        if (listView) {
            ListedReading cached = listedCache.get(statusFile, version);
            if (cached != null) {
                return cached;
            }
        } else {
            StatusReading cached = wholeCache.get(statusFile, version);
            if (cached != null) {
                return new ListedReading(cached, 0);
            }
        }
        Parsed first = parse(statusFile, id, modified, size, listView);
        ListedReading parsed = first.listed();
        if (first.badContent() && MidWriteHold.settling(modified, Instant.now(), config.unreadableAfterMs())) {
            // Also for a file never read well: a writer that creates its status with its first in-place
            // write is caught with an empty file as the watch sees it appear, and would be told unreadable.
            Parsed again = first;
            for (int i = 0; i < QUICK_RETRIES && again.badContent(); i++) {
                if (!pause()) {
                    break;
                }
                try {
                    attrs = Files.readAttributes(statusFile, BasicFileAttributes.class);
                } catch (IOException e) {
                    break;
                }
                modified = attrs.lastModifiedTime().toInstant();
                version = FileVersion.of(attrs);
                again = parse(statusFile, id, modified, attrs.size(), listView);
            }
            ListedReading previous = listedCache.latest(statusFile);
            if (again.badContent()) {
                // Not cached: once the file has been quiet for the window, the same bytes are its state.
                hold.lookAgainAfter(statusFile, modified, config.unreadableAfterMs());
                // With nothing good to keep, the bad reading goes on: the watch does not tell a new file
                // read so (caughtMidWrite) until the look again.
                if (previous != null && previous.reading().readable()) {
                    if (listView) {
                        return previous;
                    }
                    StatusReading whole = wholeCache.latest(statusFile);
                    return new ListedReading(
                            whole != null && whole.readable() ? whole : previous.reading(), previous.checksum());
                }
            }
            parsed = again.listed();
        }
        ListedReading listed = new ListedReading(parsed.reading().listView(), parsed.checksum());
        if (listView || listedCache.get(statusFile, version) == null) {
            // a whole read keeps the list view the watch holds: the watch tells its own by identity
            listedCache.put(statusFile, version, listed);
        }
        if (!listView) {
            wholeCache.put(statusFile, version, parsed.reading());
        }
        return listView ? listed : parsed;
    }

    /**
     * Whether the watch should not yet tell a file it has not told of: its bytes read bad (empty,
     * truncated, not JSON) while it changed within unreadableAfterMs, as when a writer creates its
     * status with its first in-place write and is caught before it wrote it all. The file is looked
     * at again once that window has passed; a reading that is still bad then is the file's own.
     */
    boolean caughtMidWrite(ListedReading r) {
        return r.checksum() == BAD_CONTENT
                && MidWriteHold.settling(r.reading().modified(), Instant.now(), config.unreadableAfterMs());
    }

    private static ListedReading unreadable(StatusReading reading) {
        return new ListedReading(reading, 0);
    }

    /** @param listOnly parse what a list view keeps: the messages and errors are counted, not read */
    /** A parse's result, and whether it failed on the bytes themselves (what a writer mid-write leaves). */
    private record Parsed(ListedReading listed, boolean badContent) {}

    private static boolean pause() {
        try {
            Thread.sleep(QUICK_RETRY_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Parsed parse(Path file, String id, Instant modified, long size, boolean listOnly) {
        ListedReading listed = parseListed(file, id, modified, size, listOnly);
        return new Parsed(listed, listed.checksum() == BAD_CONTENT);
    }

    /** The checksum of a reading that failed on its bytes; a real CRC32C of them is never negative. */
    private static final long BAD_CONTENT = -1;

    private ListedReading parseListed(Path file, String id, Instant modified, long size, boolean listOnly) {
        if (!Files.isRegularFile(file)) {
            return unreadable(StatusReading.unreadable(file, id, "not a regular file", modified, size));
        }
        if (size > config.maxFileBytes()) {
            return unreadable(StatusReading.unreadable(
                    file,
                    id,
                    "the file is " + size + " bytes, larger than the limit of " + config.maxFileBytes()
                            + " bytes (maxFileBytes in org.labwatch.status)",
                    modified,
                    size));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return unreadable(
                    StatusReading.unreadable(file, id, "the file disappeared while being read", modified, size));
        } catch (AccessDeniedException e) {
            return unreadable(StatusReading.unreadable(file, id, "permission denied", modified, size));
        } catch (IOException e) {
            return unreadable(StatusReading.unreadable(file, id, "cannot be read: " + e, modified, size));
        }
        if (bytes.length > config.maxFileBytes()) {
            return unreadable(StatusReading.unreadable(
                    file,
                    id,
                    "the file grew to " + bytes.length
                            + " bytes, larger than the limit of " + config.maxFileBytes()
                            + " bytes (maxFileBytes in org.labwatch.status)",
                    modified,
                    bytes.length));
        }
        try {
            StatusReading reading =
                    new StatusReading(file, id, reader.read(bytes, id, zone, listOnly), null, modified, bytes.length);
            CRC32C checksum = new CRC32C();
            checksum.update(bytes);
            return new ListedReading(reading, checksum.getValue());
        } catch (StatusJsonReader.NotAStatus e) {
            return new ListedReading(
                    StatusReading.unreadable(file, id, e.getMessage(), modified, bytes.length), BAD_CONTENT);
        }
    }

    @Override
    public Optional<Path> keepEarlierRun(Path statusFile) throws IOException {
        if (!Files.exists(statusFile, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        StatusReading earlier = listed(statusFile).reading();
        OffsetDateTime start = earlier.readable() ? earlier.status().startTime() : null;
        String stamp = MonitoringLayout.RUN_STAMP.format(
                start != null
                        ? start.atZoneSameInstant(zone).toLocalDateTime()
                        : Files.getLastModifiedTime(statusFile)
                                .toInstant()
                                .atZone(zone)
                                .toLocalDateTime());
        String id = idOf(statusFile);
        Path dir = statusFile.toAbsolutePath().getParent();
        for (int n = 1; ; n++) {
            Path target = dir.resolve(id + "_" + stamp + (n == 1 ? "" : "_" + n) + MonitoringLayout.STATUS_SUFFIX);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.move(statusFile, target, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        }
    }

    @Override
    public List<StatusReading> list(Collection<Path> statusDirs) {
        List<StatusReading> out = new ArrayList<>();
        for (Path dir : statusDirs) {
            for (Path file : statusFiles(dir)) {
                out.add(listed(file).reading());
            }
        }
        out.sort(Comparator.comparing(StatusReading::id)
                .thenComparing(r -> r.file().toString()));
        return out;
    }

    @Override
    public Subscription watch(Collection<Path> statusDirs, StatusListener listener) {
        StatusDirectoryWatch w = new StatusDirectoryWatch(
                List.copyOf(statusDirs), listener, this, config.rescanIntervalMs(), watches::remove);
        watches.add(w);
        return w;
    }

    /** Regular, visible {@code *_status.json} files of one directory; none when it does not exist. */
    /** Whether a linked status file really lies in the directory it is listed in. */
    static List<Path> statusFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + MonitoringLayout.STATUS_SUFFIX)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")
                        && name.length() > MonitoringLayout.STATUS_SUFFIX.length()
                        && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            System.getLogger(JsonStatusStore.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot list status directory " + dir + ": " + e);
        }
        return files;
    }

    private static String idOf(Path file) {
        String id = MonitoringLayout.experimentIdOf(file);
        return id != null ? id : file.getFileName().toString();
    }
}

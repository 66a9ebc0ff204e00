package org.labwatch.internal.ship;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every file of a monitoring directory that the protocol carries: all logs and metrics, the
 * {@code *_status.json} files, and the images among the plots. Dot files (the stores' temporary
 * files) and names the server would refuse are left out.
 *
 * <p>A scan runs every poll interval, so directories are listed again only when their time says
 * something was added or removed; files already known are only stat'ed.
 */
final class DirectorySelection implements Selection {

    /**
     * A directory's time has a coarse resolution on some file systems (1 s, 2 s on FAT): a file
     * added within that time of the last listing leaves it unchanged, so a directory changed this
     * recently is listed again; and every so often anyway, as a safety net.
     */
    private static final long COARSE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static final long RELIST_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path monitoringDir;
    private final Map<Section, Listing> listings = new EnumMap<>(Section.class);

    private static final class Listing {
        FileTime dirTime;
        long listedNanos;
        long dirTimeSeenNanos;
        List<String> names = List.of();
    }

    DirectorySelection(Path monitoringDir) {
        this.monitoringDir = monitoringDir;
        for (Section s : Section.values()) {
            listings.put(s, new Listing());
        }
    }

    @Override
    public List<LocalFile> scan() {
        List<LocalFile> files = new ArrayList<>();
        long now = System.nanoTime();
        for (Section s : Section.values()) {
            Path dir = monitoringDir.resolve(s.dir);
            Listing listing = listings.get(s);
            relistIfChanged(s, dir, listing, now);
            for (String name : listing.names) {
                LocalFile f = Selection.stat(s, dir, name);
                if (f != null) {
                    files.add(f);
                } else {
                    listing.listedNanos = 0; // gone or replaced: list again next time
                }
            }
        }
        return files;
    }

    private void relistIfChanged(Section s, Path dir, Listing listing, long now) {
        FileTime time;
        try {
            time = Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            listing.names = List.of();
            listing.dirTime = null;
            return;
        }
        if (!time.equals(listing.dirTime)) {
            listing.dirTimeSeenNanos = now;
        }
        boolean recent = now - listing.dirTimeSeenNanos < COARSE_NANOS;
        if (time.equals(listing.dirTime) && !recent && now - listing.listedNanos < RELIST_NANOS) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (carries(s, name)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return; // keep the last listing; try again next scan
        }
        names.sort(null);
        listing.names = names;
        listing.dirTime = time;
        listing.listedNanos = now;
    }

    /** Whether the protocol carries this file of section {@code s}. */
    static boolean carries(Section s, String name) {
        if (PathSegments.problem(name) != null) {
            return false;
        }
        return switch (s) {
            case STATUS -> name.endsWith("_status.json") && name.length() > "_status.json".length();
            case PLOTS -> PlotFiles.isImageName(name);
            default -> true;
        };
    }

    @Override
    public String toString() {
        return monitoringDir.toString();
    }
}

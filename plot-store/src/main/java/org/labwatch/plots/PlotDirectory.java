package org.labwatch.plots;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.labwatch.internal.files.Confinement;
import org.labwatch.internal.plots.PlotChecks;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StoredPlot;

/** Plot files in one directory: written whole or not at all, listed newest first. */
final class PlotDirectory {

    private static final Logger LOG = System.getLogger(PlotDirectory.class.getName());

    private PlotDirectory() {}

    static StoredPlot store(Path dir, Plot plot) throws IOException {
        String fileName = PlotChecks.fileNameToStore(plot);
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        Path temp = createTemp(dir, fileName);
        FileTime modified;
        try {
            // A stream, not a FileChannel: an interrupt of the experiment's thread would close a channel.
            try (java.io.FileOutputStream out = new java.io.FileOutputStream(temp.toFile())) {
                out.write(plot.bytes());
                // On disk before the rename, so a power cut leaves the old plot or the new one, not an empty file.
                out.getFD().sync();
            }
            // Taken from the temp file (a rename keeps it): after the move, another writer may own the name.
            modified = Files.getLastModifiedTime(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof AtomicMoveNotSupportedException) {
                throw new IOException("The file system of " + dir + " cannot replace files atomically", e);
            }
            throw e;
        }
        return new StoredPlot(fileName, target, plot.type(), plot.bytes().length, modified.toInstant());
    }

    /**
     * Created by hand, not by {@link Files#createTempFile}: that one makes owner-only files,
     * and the plot would keep those permissions after the rename and be unreadable to a
     * dashboard running as another user.
     */
    private static Path createTemp(Path dir, String fileName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + fileName + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.createFile(temp);
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    static List<StoredPlot> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredPlot> plots = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try {
                    StoredPlot plot = plot(dir, file);
                    if (plot != null) {
                        plots.add(plot);
                    }
                } catch (NoSuchFileException e) {
                    // Deleted or replaced between listing and reading: it is no longer there to list.
                    LOG.log(Logger.Level.DEBUG, "Plot vanished while listing: " + file);
                }
            }
        }
        plots.sort(PlotChecks.NEWEST_FIRST);
        return plots;
    }

    /** The plot {@code name} of the directory as {@link #list} shows it, or null when it has none. */
    static StoredPlot find(Path dir, String name) throws IOException {
        if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return null;
        }
        try {
            return plot(dir, dir.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A regular file of the directory, typed from its bytes; null for anything else, or a link out of it. */
    private static StoredPlot plot(Path dir, Path file) throws IOException {
        // A link may lead anywhere on the server: only one that stays in the directory is a plot of it.
        Path real = Confinement.inside(dir, file.getFileName().toString());
        if (real == null) {
            return null;
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            return null;
        }
        return new StoredPlot(
                file.getFileName().toString(),
                file,
                typeOf(real),
                attributes.size(),
                attributes.lastModifiedTime().toInstant());
    }

    private static PlotType typeOf(Path file) throws NoSuchFileException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PlotType.SNIFF_BYTES);
            return PlotType.of(head, head.length);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // One unreadable file must not hide the others: it is listed without a type.
            LOG.log(Logger.Level.WARNING, "Cannot read plot " + file + " to check its type", e);
            return null;
        }
    }
}

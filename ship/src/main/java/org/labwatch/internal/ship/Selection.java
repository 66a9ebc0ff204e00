package org.labwatch.internal.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Which files of a monitoring directory a root ships. */
interface Selection {

    /** The files to ship now, each seen by one stat; files that do not exist (yet) are left out. */
    List<LocalFile> scan();

    /**
     * The server holds everything the last scan saw: runs that had ended by that scan may be let go.
     * Called by the thread that scans.
     *
     * @return true when nothing is left to follow
     */
    default boolean settled() {
        return false;
    }

    /**
     * The file as one stat sees it now, or null when it is missing, not a regular file, or cannot be
     * looked at (a file that cannot be read is reported when reading it fails).
     */
    static LocalFile stat(Section section, Path dir, String name) {
        Path path = dir.resolve(name);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            return new LocalFile(
                    section, name, path, a.size(), a.lastModifiedTime().to(TimeUnit.MICROSECONDS));
        } catch (IOException e) {
            return null;
        }
    }
}

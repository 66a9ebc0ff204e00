package org.labwatch.internal.ship;

import java.nio.file.Path;

/**
 * A file to ship as one stat saw it: its size and modification time identify its content's version.
 * {@code key} is "logs/x.log": unique within a root, used for the server copy's lengths, the
 * shipper's maps and messages (made once: every poll looks every file up by it).
 */
record LocalFile(Section section, String name, Path path, long size, long modifiedMicros, String key) {

    static LocalFile of(Section section, String name, Path path, long size, long modifiedMicros) {
        return new LocalFile(section, name, path, size, modifiedMicros, section.dir + "/" + name);
    }

    /** Same size and time: taken to be the same content, so it is not read or hashed again. */
    boolean sameVersion(LocalFile other) {
        return other != null && size == other.size && modifiedMicros == other.modifiedMicros;
    }
}

package org.labwatch.internal.ship;

import java.nio.file.Path;

/** A file to ship as one stat saw it: its size and modification time identify its content's version. */
record LocalFile(Section section, String name, Path path, long size, long modifiedMicros) {

    /** "logs/x.log": unique within a root, used for the server copy's lengths and for messages. */
    String key() {
        return section.dir + "/" + name;
    }

    /** Same size and time: taken to be the same content, so it is not read or hashed again. */
    boolean sameVersion(LocalFile other) {
        return other != null && size == other.size && modifiedMicros == other.modifiedMicros;
    }
}

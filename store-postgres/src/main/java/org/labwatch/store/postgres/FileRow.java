package org.labwatch.store.postgres;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A stored file as listed, without its bytes: its row id, key and the path the key names on this
 * node, its directory key, kind, length, last change, the change sequence of that change, and
 * whether it is a tombstone.
 */
record FileRow(
        long id,
        String key,
        Path path,
        String dir,
        String name,
        FileKind kind,
        long length,
        Instant modified,
        long seq,
        boolean removed) {}

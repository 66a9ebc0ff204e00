package org.labwatch.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.labwatch.internal.files.FileLocks;

/**
 * {@code PUT .../status/{file}?version=V}: a status only goes forward. A greater version replaces the
 * copy (the store checks that the bytes read as a status); the same version with the same bytes is a
 * retry and changes nothing; an older version, or the same one with other bytes, is a conflict. So
 * retried requests arriving in any order never put an older status over a newer one.
 */
final class StatusCopies {

    private final FileLocks locks;
    private final RootStates states;

    StatusCopies(FileLocks locks, RootStates states) {
        this.locks = locks;
        this.states = states;
    }

    Answer put(Stores stores, RootDirs root, String name, long version, byte[] body) throws IOException {
        Path file = root.file(Route.Kind.STATUS, name);
        String sha256 = Sha256.hex(body);
        try (FileLocks.Held held = locks.lock(file)) {
            Optional<RootStates.StatusCopy> known = states.status(stores.statuses(), root, name);
            if (known.isPresent()) {
                long have = known.get().version();
                if (version < have) {
                    return Answer.error(409, "version " + version + " is older than the server's", "version", have);
                }
                if (version == have) {
                    return sha256.equals(known.get().sha256())
                            ? Answer.ok(Map.of("version", version))
                            : Answer.error(
                                    409, "the server has version " + version + " with other content", "version", have);
                }
            }
            stores.statuses().writeMirrored(file, body);
            states.recordStatus(root, name, version, sha256);
            return Answer.ok(Map.of("version", version));
        }
    }
}

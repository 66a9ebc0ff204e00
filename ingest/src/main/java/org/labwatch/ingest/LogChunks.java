package org.labwatch.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.labwatch.internal.files.FileLocks;
import org.labwatch.spi.MirrorOffsetException;

/**
 * {@code POST .../logs/{file}?offset=N} and {@code .../metrics/{file}}: a chunk appended through the
 * log sink when {@code N} is the length it holds; the sink's length is the only truth, so nothing
 * about logs is remembered here.
 */
final class LogChunks {

    private final FileLocks locks;

    LogChunks(FileLocks locks) {
        this.locks = locks;
    }

    Answer append(Stores stores, RootDirs root, Route route, long offset, byte[] body) throws IOException {
        Path file = root.file(route.kind(), route.file());
        try (FileLocks.Held held = locks.lock(file)) {
            long length = stores.logs().appendMirrored(file, offset, body);
            return Answer.ok(Map.of("length", length));
        } catch (MirrorOffsetException e) {
            return Answer.error(409, e.getMessage(), "length", e.storedLength());
        }
    }
}

package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A mirrored file's bytes were offered at an offset other than the stored length: nothing was
 * written, so the copy has neither a gap nor a duplicate. {@link #storedLength()} is where the
 * sender continues.
 *
 * @since 3.0
 */
public final class MirrorOffsetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long storedLength;

    public MirrorOffsetException(Path file, long offered, long storedLength) {
        super("bytes offered at offset " + offered + " of " + file.getFileName() + ", which holds " + storedLength
                + " bytes; send from " + storedLength);
        this.storedLength = storedLength;
    }

    public long storedLength() {
        return storedLength;
    }
}

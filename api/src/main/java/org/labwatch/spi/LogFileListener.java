package org.labwatch.spi;

import java.nio.file.Path;

/**
 * Told by {@link LogSource#watch} about log files, on the source's own thread.
 *
 * @since 2.0
 */
public interface LogFileListener {

    /** A file that was there when its directory was first looked at: history, not news. */
    void existing(Path file);

    /** A file that appeared, grew or was replaced since it was last looked at. */
    void changed(Path file);
}

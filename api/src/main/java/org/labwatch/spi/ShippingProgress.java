package org.labwatch.spi;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How far behind a source that ships runs to this server is, as it said in its latest requests: a
 * run whose source is still sending what it wrote during an outage is catching up, not stale.
 * Registered by the ingest; readers without one treat every run as caught up.
 *
 * @since 3.0
 */
public interface ShippingProgress {

    /**
     * The bytes the source of this shipped status file's root still had to send at its latest
     * request, when that request is recent; empty for runs not shipped here or sources not heard from lately.
     */
    OptionalLong behind(Path statusFile);
}

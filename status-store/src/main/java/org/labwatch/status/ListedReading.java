package org.labwatch.status;

import org.labwatch.spi.StatusReading;

/**
 * A status file as lists and the watch keep it: its {@link StatusReading#listView() list view},
 * and a checksum of its bytes (0 when it could not be read), so that the watch still tells a
 * change the list view does not show, a new message, which the experiment page refreshes on.
 */
record ListedReading(StatusReading reading, long checksum) {

    /** As the watch compares: a touched file with the same content is no change. */
    boolean sameContent(ListedReading other) {
        return checksum == other.checksum
                && java.util.Objects.equals(reading.status(), other.reading.status())
                && java.util.Objects.equals(reading.problem(), other.reading.problem());
    }
}

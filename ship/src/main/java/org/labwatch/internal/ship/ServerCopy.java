package org.labwatch.internal.ship;

import java.util.HashMap;
import java.util.Map;

/**
 * What the server holds of one root, as its manifest said and as acknowledgements since then
 * updated it. Thrown away after any error: the next manifest is the truth again.
 */
final class ServerCopy {

    /** A status the server holds; {@code sha256} is null when a conflict told only the version. */
    record Status(long version, String sha256) {}

    /** Lengths of logs and metrics, keyed "logs/x.log" or "metrics/x.csv". */
    final Map<String, Long> lengths = new HashMap<>();

    final Map<String, Status> statuses = new HashMap<>();
    final Map<String, String> plots = new HashMap<>();

    long length(Section section, String file) {
        return lengths.getOrDefault(section.dir + "/" + file, 0L);
    }

    void length(Section section, String file, long length) {
        lengths.put(section.dir + "/" + file, length);
    }
}

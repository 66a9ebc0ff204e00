package org.labwatch.internal.ship;

import java.time.Duration;

/** Durations in messages: "700 ms", "30 s". */
final class Durations {

    private Durations() {}

    static String text(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}

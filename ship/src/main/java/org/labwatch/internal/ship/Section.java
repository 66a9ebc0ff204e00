package org.labwatch.internal.ship;

/** The four subdirectories of a monitoring directory, named as in the protocol's paths and manifest. */
enum Section {
    LOGS("logs"),
    METRICS("metrics"),
    STATUS("status"),
    PLOTS("plots");

    final String dir;

    Section(String dir) {
        this.dir = dir;
    }

    /** Logs and metrics are appended by offset; status files and plots are replaced whole. */
    boolean appended() {
        return this == LOGS || this == METRICS;
    }
}

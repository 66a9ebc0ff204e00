package org.labwatch.store.postgres;

/**
 * The database holds a labwatch schema this labwatch does not run on (older: it waits for an
 * explicit upgrade; newer: written by a newer labwatch). Nothing was changed; the message says
 * what to do.
 */
final class SchemaRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final int found;
    private final int needed;

    SchemaRefused(String message, int found, int needed) {
        super(message);
        this.found = found;
        this.needed = needed;
    }

    static SchemaRefused older(String database, int found, int needed) {
        return new SchemaRefused(
                "the labwatch schema in " + database + " is version " + found + ", this labwatch needs " + needed
                        + ": run ./labwatch db upgrade (or labwatch:db-upgrade in the shell); nothing was changed",
                found,
                needed);
    }

    static SchemaRefused newer(String database, int found, int needed) {
        return new SchemaRefused(
                "the labwatch schema in " + database + " is version " + found
                        + ", written by a newer labwatch (this one knows versions up to " + needed
                        + "); nothing was changed",
                found,
                needed);
    }

    int found() {
        return found;
    }

    int needed() {
        return needed;
    }
}

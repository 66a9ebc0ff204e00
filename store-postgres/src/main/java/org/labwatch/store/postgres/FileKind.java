package org.labwatch.store.postgres;

/** What a stored file is; the {@code kind} column. Status and plots are whole contents, logs and metrics appended. */
enum FileKind {
    STATUS("status", true),
    LOG("log", false),
    METRICS("metrics", false),
    PLOT("plot", true),
    OTHER("other", true);

    private final String column;
    private final boolean whole;

    FileKind(String column, boolean whole) {
        this.column = column;
        this.whole = whole;
    }

    /** The value in the kind column. */
    String column() {
        return column;
    }

    /** Replaced as a whole (content in the row) rather than appended (chunks). */
    boolean whole() {
        return whole;
    }

    static FileKind of(String column) {
        for (FileKind k : values()) {
            if (k.column.equals(column)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a file kind: " + column);
    }
}

package org.labwatch.store.postgres;

/** What a stored file is; the {@code kind} column. Status and plots are whole contents, logs and metrics appended. */
enum FileKind {
    STATUS(true),
    LOG(false),
    METRICS(false),
    PLOT(true),
    OTHER(true);

    private final String column = name().toLowerCase(java.util.Locale.ROOT);
    private final boolean whole;

    FileKind(boolean whole) {
        this.whole = whole;
    }

    /** The value in the kind column: the name in lower case, as the schema's CHECK lists them. */
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

package org.labwatch.internal.logs;

import java.nio.charset.StandardCharsets;

/**
 * The message of one entry being read back, capped so that a record of a hundred megabytes
 * (a runaway loop logging into one message) shows its beginning and a marker instead of
 * exhausting the reader's heap.
 */
final class EntryText {

    static final String CUT_MARKER = " [...cut: record too long to show]";

    private final StringBuilder text = new StringBuilder();
    private final int maxBytes;
    private int bytes;
    private boolean cut;

    EntryText(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(byte[] b, int from, int length, boolean lineCut) {
        if (cut) {
            return;
        }
        int room = maxBytes - bytes;
        if (length > room) {
            length = Math.max(room, 0);
            lineCut = true;
        }
        text.append(new String(b, from, length, StandardCharsets.UTF_8));
        bytes += length;
        if (lineCut) {
            text.append(CUT_MARKER);
            cut = true;
        }
    }

    void addLine(byte[] b, int from, int length, boolean lineCut) {
        if (!cut) {
            text.append('\n');
            bytes++;
        }
        add(b, from, length, lineCut);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

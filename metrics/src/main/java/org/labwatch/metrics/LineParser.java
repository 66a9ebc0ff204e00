package org.labwatch.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the complete lines of a metrics file into {@code time,step,name,value} and hands each
 * good one to a {@link Values}. A header line is skipped wherever it is (a second run started in
 * the same second appends to the same file, header and all); any other line that is not four good
 * fields is counted in {@link #skipped()} and skipped.
 */
final class LineParser {

    /** Where parsed values go. */
    interface Values {
        void value(String name, long step, long timeMillis, double value);
    }

    static final byte[] HEADER = "time,step,name,value".getBytes(StandardCharsets.US_ASCII);

    private final Values values;
    private long skipped;
    /**
     * The names of recent lines: a run records the same few names over and over, often in turn
     * ({@code metrics(Map)}), so most lines find theirs here instead of making a string.
     */
    private final byte[][] recentBytes = new byte[RECENT][];

    private final String[] recent = new String[RECENT];
    private int nextRecent;

    private static final int RECENT = 16;

    LineParser(Values values) {
        this.values = values;
    }

    long skipped() {
        return skipped;
    }

    /** A line too long to be one of the format's: counted, not looked at. */
    void overlong() {
        skipped++;
    }

    /** One line without its {@code \n}. */
    void line(byte[] b, int from, int to) {
        if (to > from && b[to - 1] == '\r') {
            to--; // a file saved by a Windows tool; the format itself writes \n only
        }
        if (from == 0 && to >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            from = 3; // a byte-order mark at the start of a file: likewise
        }
        if (Arrays.equals(b, from, to, HEADER, 0, HEADER.length)) {
            return;
        }
        int c1 = indexOf(b, from, to);
        int c2 = c1 < 0 ? -1 : indexOf(b, c1 + 1, to);
        int c3 = c2 < 0 ? -1 : indexOf(b, c2 + 1, to);
        if (c3 < 0 || indexOf(b, c3 + 1, to) >= 0 || !MetricNames.valid(b, c2 + 1, c3)) {
            skipped++;
            return;
        }
        long time;
        long step;
        double value;
        try {
            time = CsvNumbers.timeMillis(b, from, c1);
            step = CsvNumbers.step(b, c1 + 1, c2);
            value = CsvNumbers.value(b, c3 + 1, to);
        } catch (CsvNumbers.Malformed e) {
            skipped++;
            return;
        }
        values.value(name(b, c2 + 1, c3), step, time, value);
    }

    private String name(byte[] b, int from, int to) {
        for (int i = 0; i < RECENT && recentBytes[i] != null; i++) {
            byte[] r = recentBytes[i];
            if (Arrays.equals(b, from, to, r, 0, r.length)) {
                return recent[i];
            }
        }
        int slot = nextRecent;
        nextRecent = (nextRecent + 1) % RECENT;
        recentBytes[slot] = Arrays.copyOfRange(b, from, to);
        recent[slot] = new String(recentBytes[slot], StandardCharsets.US_ASCII);
        return recent[slot];
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                return i;
            }
        }
        return -1;
    }
}

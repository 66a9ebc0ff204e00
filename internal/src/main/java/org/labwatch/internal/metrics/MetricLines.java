package org.labwatch.internal.metrics;

import java.nio.charset.StandardCharsets;
import org.labwatch.spi.MetricBatch;

/**
 * Turns metric values into the lines of a metrics file ({@code time,step,name,value}, docs/metrics.md)
 * in one reused, growing byte array: a batch becomes one array that is written with one call.
 * Not thread-safe: one instance per run's file.
 */
public final class MetricLines {

    public static final String HEADER = "time,step,name,value\n";

    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[16 * 1024];
    private int length;
    /** Reused for each value's text: appending a double to it allocates nothing, unlike Double.toString. */
    private final StringBuilder number = new StringBuilder(32);

    /**
     * Starts the bytes of a batch for a file that holds {@code fileLength} bytes ending with
     * {@code lastByte} (ignored for an empty file): the header for a new file; a newline after a
     * line that an earlier writer left unfinished, so that it does not swallow the next one.
     */
    public void begin(long fileLength, int lastByte) {
        length = 0;
        if (fileLength == 0) {
            ensure(HEADER_BYTES.length);
            System.arraycopy(HEADER_BYTES, 0, bytes, length, HEADER_BYTES.length);
            length += HEADER_BYTES.length;
        } else if (lastByte != '\n') {
            ensure(1);
            bytes[length++] = '\n';
        }
    }

    public void add(MetricBatch batch, int i) {
        String name = batch.name(i);
        // Time and step take at most 21 bytes each, the value's text at most 24 (Double.toString).
        ensure(name.length() + 80);
        long millis = batch.timeMillis(i);
        long seconds = Math.floorDiv(millis, 1000);
        int fraction = (int) Math.floorMod(millis, 1000);
        appendLong(seconds);
        bytes[length++] = '.';
        bytes[length++] = (byte) ('0' + fraction / 100);
        bytes[length++] = (byte) ('0' + fraction / 10 % 10);
        bytes[length++] = (byte) ('0' + fraction % 10);
        bytes[length++] = ',';
        appendLong(batch.step(i));
        bytes[length++] = ',';
        for (int c = 0, n = name.length(); c < n; c++) {
            char ch = name.charAt(c);
            // Metric names are ASCII without commas (Names.checkMetricName); anything else cannot break a line.
            bytes[length++] = ch < 0x80 && ch != ',' && ch != '\n' && ch != '\r' ? (byte) ch : (byte) '?';
        }
        bytes[length++] = ',';
        // As Double.toString: "NaN", "Infinity", "-Infinity", or a decimal that reads back as the same double.
        number.setLength(0);
        number.append(batch.value(i));
        for (int c = 0, n = number.length(); c < n; c++) {
            bytes[length++] = (byte) number.charAt(c);
        }
        bytes[length++] = '\n';
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    private void appendLong(long v) {
        if (v == Long.MIN_VALUE) {
            for (byte b : Long.toString(v).getBytes(StandardCharsets.US_ASCII)) {
                bytes[length++] = b;
            }
            return;
        }
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int a = start, b = length - 1; a < b; a++, b--) {
            byte t = bytes[a];
            bytes[a] = bytes[b];
            bytes[b] = t;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] grown = new byte[Math.max(length + more, bytes.length * 2)];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
    }
}

package org.labwatch.internal.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.labwatch.spi.LogEntry;

/**
 * Groups the lines of {@code [start, end)} into records. A header line starts a record and the
 * indented lines after it continue it. A record is complete when the next header follows it,
 * or when it ends with '\n' at {@code end}: the sink writes a record in one call, so a reader
 * racing a writer sees either all of it or a missing '\n'. Lines before the first header
 * (another tool's output, or a start in the middle of a record) are one entry each, without
 * time or level. New String(..., UTF_8) replaces invalid bytes instead of throwing.
 */
final class RecordReader {

    private final LineScanner lines;
    private final int maxEntryBytes;
    private boolean lineLoaded;
    private boolean atEnd;
    private long position;

    RecordReader(LogBytes log, long start, long end, int maxEntryBytes) {
        this.lines = new LineScanner(log, start, end, maxEntryBytes);
        this.maxEntryBytes = maxEntryBytes;
        this.position = start;
    }

    /** Where the record after the last one returned starts. */
    long position() {
        return position;
    }

    /** The next complete record, or null when there is none (yet) before the end. */
    LogEntry next() throws IOException {
        if (!loadLine() || !lines.terminated) {
            return null;
        }
        long start = lines.lineStart;
        RecordHeader header = RecordHeader.parse(lines.bytes, 0, lines.length);
        if (header == null) {
            String text = decode(lines.bytes, 0, lines.length, lines.cut);
            lineLoaded = false;
            position = lines.lineEnd;
            return new LogEntry(start, null, null, text);
        }
        // The header is ASCII by construction (digits, separators, an upper-case level).
        String head = new String(lines.bytes, 0, header.messageStart, StandardCharsets.US_ASCII);
        EntryText message = new EntryText(maxEntryBytes);
        message.add(lines.bytes, header.messageStart, lines.length - header.messageStart, lines.cut);
        lineLoaded = false;
        long recordEnd = lines.lineEnd;
        while (loadLine()) {
            if (RecordHeader.matches(lines.bytes, 0, lines.length)) {
                break;
            }
            if (!lines.terminated) {
                // A continuation still being written, or a header too short yet to recognise.
                return null;
            }
            int indent = indentOf(lines.bytes, lines.length);
            message.addLine(lines.bytes, indent, lines.length - indent, lines.cut);
            lineLoaded = false;
            recordEnd = lines.lineEnd;
        }
        position = recordEnd;
        return new LogEntry(start, header.time, header.level, message.toString(), head);
    }

    private boolean loadLine() throws IOException {
        if (!lineLoaded && !atEnd) {
            lineLoaded = lines.next();
            atEnd = !lineLoaded;
        }
        return lineLoaded;
    }

    private static int indentOf(byte[] b, int length) {
        return length >= 4 && b[0] == ' ' && b[1] == ' ' && b[2] == ' ' && b[3] == ' ' ? 4 : 0;
    }

    static String decode(byte[] b, int from, int length, boolean cut) {
        String text = new String(b, from, length, StandardCharsets.UTF_8);
        return cut ? text + EntryText.CUT_MARKER : text;
    }
}

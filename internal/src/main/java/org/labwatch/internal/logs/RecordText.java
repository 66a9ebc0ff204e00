package org.labwatch.internal.logs;

import org.labwatch.spi.LogRecord;

/**
 * Renders a record as Python's logging does ({@code time - LEVEL - message}), with one rule
 * added so that a reader can always tell records apart: every line after the first is indented
 * by four spaces, so only a record's first line can start with a timestamp, whatever a message
 * or stack trace contains.
 */
final class RecordText {

    static final String INDENT = "    ";

    private RecordText() {}

    /** Appends the record's lines, each ending with '\n'. */
    static void appendTo(StringBuilder out, SecondText clock, LogRecord record) {
        clock.appendTo(out, record.time());
        out.append(" - ").append(record.level().name()).append(" - ");
        appendIndented(out, String.valueOf(record.message()));
        String stackTrace = record.stackTrace();
        if (stackTrace != null && contentEnd(stackTrace) > 0) {
            out.append('\n').append(INDENT);
            appendIndented(out, stackTrace);
        }
        out.append('\n');
    }

    /** Copies runs of ordinary characters in bulk; only line breaks are rewritten. */
    private static void appendIndented(StringBuilder out, String text) {
        int end = contentEnd(text);
        int runStart = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(text, runStart, i).append('\n').append(INDENT);
                if (c == '\r' && i + 1 < end && text.charAt(i + 1) == '\n') {
                    i++;
                }
                runStart = i + 1;
            }
        }
        out.append(text, runStart, end);
    }

    /** Trailing line breaks are dropped: they would only add empty continuation lines. */
    private static int contentEnd(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }
}

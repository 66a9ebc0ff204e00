package org.labwatch.shell;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import org.labwatch.spi.LogEntry;

/**
 * A log record printed as the log file has it, so that what {@code labwatch:tail} shows can be
 * searched for in the file (and compared with {@code tail -f}) character for character.
 */
final class RecordLines {

    /** Python logging's time, for a source that does not carry the line's own head. */
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private RecordLines() {}

    static void print(PrintStream out, LogEntry e) {
        if (e.time() == null) {
            out.println(e.message());
            return;
        }
        String head = e.head() != null
                ? e.head()
                : LOG_TIME.format(e.time()) + " - " + e.level().name() + " - ";
        // The reader took off the four spaces that mark continuation lines; they go back on.
        out.println(head + e.message().replace("\n", "\n    "));
    }
}

package org.labwatch.core;

import java.util.ArrayDeque;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;

/**
 * The place of a sink that went away (bundle restart, feature replaced, cfg change): the records
 * it has not written yet, kept in order until a sink of its kind binds again and takes them.
 * Its kind is the sink's class name, which survives a bundle restart and a re-activation.
 * Not thread-safe: the owning monitor's lock guards it.
 */
final class SinkVacancy {

    private final String kind;
    private final long vacatedAtMs;
    private final ArrayDeque<LogRecord> held;
    private long dropped;

    SinkVacancy(String kind, long vacatedAtMs, ArrayDeque<LogRecord> unwritten) {
        this.kind = kind;
        this.vacatedAtMs = vacatedAtMs;
        this.held = unwritten;
    }

    static String kindOf(LogSink sink) {
        return sink.getClass().getName();
    }

    boolean awaits(LogSink sink) {
        return kind.equals(kindOf(sink));
    }

    String kind() {
        return kind;
    }

    long vacatedAtMs() {
        return vacatedAtMs;
    }

    /** Keeps the record; at capacity the oldest goes. @return true when this is the first record dropped */
    boolean hold(LogRecord record, int capacity) {
        boolean firstDrop = false;
        if (held.size() >= capacity) {
            held.pollFirst();
            firstDrop = dropped++ == 0;
        }
        held.addLast(record);
        return firstDrop;
    }

    ArrayDeque<LogRecord> held() {
        return held;
    }

    long dropped() {
        return dropped;
    }
}

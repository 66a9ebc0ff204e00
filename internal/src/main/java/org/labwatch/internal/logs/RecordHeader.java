package org.labwatch.internal.logs;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import org.labwatch.api.Level;

/**
 * Recognises the first line of a record, {@code YYYY-MM-DD HH:MM:SS,mmm - LEVEL - message}, on
 * raw bytes: readers test every line of files up to gigabytes, so no regex and no decoding
 * before a line is known to be a header. Levels are upper-case words as Python writes them
 * (CRITICAL included), read with {@link Level#fromJson}.
 */
final class RecordHeader {

    private static final int MAX_LEVEL_LENGTH = 12;
    /** Bytes needed to decide: the timestamp, " - ", the longest level name accepted, " - ". */
    static final int MAX_PREFIX = 23 + 3 + MAX_LEVEL_LENGTH + 3;

    final LocalDateTime time;
    final Level level;
    /** Index in the line where the message starts (may equal the line length). */
    final int messageStart;

    private RecordHeader(LocalDateTime time, Level level, int messageStart) {
        this.time = time;
        this.level = level;
        this.messageStart = messageStart;
    }

    static boolean matches(byte[] b, int from, int length) {
        return levelEnd(b, from, length) >= 0;
    }

    /** The header of a line (without its '\n'), or null when the line does not start a record. */
    static RecordHeader parse(byte[] b, int from, int length) {
        int levelEnd = levelEnd(b, from, length);
        if (levelEnd < 0) {
            return null;
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.of(
                    number(b, from, 4),
                    number(b, from + 5, 2),
                    number(b, from + 8, 2),
                    number(b, from + 11, 2),
                    number(b, from + 14, 2),
                    number(b, from + 17, 2),
                    number(b, from + 20, 3) * 1_000_000);
        } catch (DateTimeException e) {
            // "2025-13-45 ..." has the shape but is no time: it is text, not the start of a record.
            return null;
        }
        Level level = Level.fromJson(new String(b, from + 26, levelEnd - from - 26, StandardCharsets.US_ASCII));
        int messageStart = Math.min(levelEnd + 3, from + length) - from;
        return new RecordHeader(time, level, messageStart);
    }

    /** Index just after the level name, or -1 when the prefix is not a record header. */
    private static int levelEnd(byte[] b, int from, int length) {
        if (length < 23 + 3 + 1 + 2
                || !digits(b, from, 4)
                || b[from + 4] != '-'
                || !digits(b, from + 5, 2)
                || b[from + 7] != '-'
                || !digits(b, from + 8, 2)
                || b[from + 10] != ' '
                || !digits(b, from + 11, 2)
                || b[from + 13] != ':'
                || !digits(b, from + 14, 2)
                || b[from + 16] != ':'
                || !digits(b, from + 17, 2)
                || b[from + 19] != ','
                || !digits(b, from + 20, 3)
                || b[from + 23] != ' '
                || b[from + 24] != '-'
                || b[from + 25] != ' ') {
            return -1;
        }
        int end = from + length;
        int i = from + 26;
        while (i < end && i - from - 26 < MAX_LEVEL_LENGTH && b[i] >= 'A' && b[i] <= 'Z') {
            i++;
        }
        if (i == from + 26 || i + 2 > end || b[i] != ' ' || b[i + 1] != '-') {
            return -1;
        }
        // Python writes "LEVEL - " and then the message; an empty message may have lost its space.
        return i + 2 == end || b[i + 2] == ' ' ? i : -1;
    }

    private static boolean digits(byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + b[i] - '0';
        }
        return value;
    }
}

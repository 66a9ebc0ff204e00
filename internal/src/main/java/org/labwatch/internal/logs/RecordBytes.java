package org.labwatch.internal.logs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.labwatch.spi.LogRecord;

/**
 * Turns records into UTF-8 bytes without allocating per record: the text, char and byte
 * buffers and the encoder are kept and only grow. This is the per-line cost of logging, which
 * benchmarks compare with Log4j2. Every store of logs writes a record as these bytes, so a log
 * reads back the same from each. Not thread-safe: one instance per run writer.
 */
public final class RecordBytes {

    private final SecondText clock = new SecondText(ZoneId.systemDefault());
    private final StringBuilder text = new StringBuilder(256);
    private final CharsetEncoder encoder = StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private char[] chars = new char[256];
    private CharBuffer charView = CharBuffer.wrap(chars);
    private ByteBuffer bytes = ByteBuffer.allocate(1024);

    /** The record's lines, ready to write; valid until the next call. */
    public ByteBuffer encode(LogRecord record) {
        text.setLength(0);
        RecordText.appendTo(text, clock, record);
        int length = text.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
            charView = CharBuffer.wrap(chars);
        }
        text.getChars(0, length, chars, 0);
        charView.clear().limit(length);
        // UTF-8 needs at most 3 bytes per char (a surrogate pair: 4 bytes for 2), so one pass fits.
        int needed = length * 3;
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
        }
        bytes.clear();
        encoder.reset();
        CoderResult result = encoder.encode(charView, bytes, true);
        if (result.isUnderflow()) {
            result = encoder.flush(bytes);
        }
        if (!result.isUnderflow()) {
            throw new IllegalStateException("UTF-8 encoding of a log record failed: " + result);
        }
        return bytes.flip();
    }
}

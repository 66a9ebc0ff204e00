package org.labwatch.internal.status;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Whether bytes are UTF-8, as the status format says a file is. */
public final class Utf8 {

    private Utf8() {}

    /** Why the bytes are not UTF-8, with where, or null when they are. */
    public static String problem(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(in);
            return null;
        } catch (CharacterCodingException e) {
            return "not valid UTF-8 (at byte " + in.position() + ")";
        }
    }
}

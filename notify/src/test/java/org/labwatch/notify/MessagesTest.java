package org.labwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void aLongMessageIsCutWithoutSplittingASurrogatePair() {
        String text = "x".repeat(Messages.MAX_CHARS - 2) + "\uD83D\uDD25" + "y".repeat(10);
        String cut = Messages.cut(text);
        assertTrue(cut.endsWith("…"), cut);
        assertTrue(cut.length() <= Messages.MAX_CHARS);
        assertFalse(
                Character.isHighSurrogate(cut.charAt(cut.length() - 2)), "a lone high surrogate before the ellipsis");
        assertEquals("x".repeat(Messages.MAX_CHARS - 2) + "…", cut);

        String plain = "z".repeat(Messages.MAX_CHARS + 5);
        assertEquals("z".repeat(Messages.MAX_CHARS - 1) + "…", Messages.cut(plain));
        assertEquals("short", Messages.cut("short"));
    }
}

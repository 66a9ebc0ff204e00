package org.labwatch.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The one HTML escaper that panels and labwatch's own pages use; each test names the text it feeds. */
class HtmlTest {

    @Test
    void markupAndBothQuotesBecomeEntities() {
        // Input: an anchor with both kinds of quoted attribute and a trailing ampersand.
        assertEquals("&lt;a href=&#39;x&#39; title=&quot;t&quot;&gt;&amp;", Html.escape("<a href='x' title=\"t\">&"));
    }

    @Test
    void aScriptInAMessageReadsAsText() {
        // Input: a message an experiment logged, holding a script element and an image handler.
        assertEquals(
                "T1 &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;",
                Html.escape("T1 <script>alert(1)</script> <img src=x onerror=alert(2)>"));
    }

    @Test
    void anEntityIsEscapedAgainNotPassedThrough() {
        // Input: text that already looks like an entity; it must show as typed, not as "<".
        assertEquals("&amp;lt; &amp;#60;", Html.escape("&lt; &#60;"));
    }

    @Test
    void plainTextComesBackAsItWas() {
        // Input: a unit with non-ASCII characters and nothing to escape: the same string, no copy.
        String text = "45.2 \u00b5s at 10 mK";
        assertSame(text, Html.escape(text));
    }

    @Test
    void nullIsEmpty() {
        // Input: null, as a status file without a step name gives.
        assertEquals("", Html.escape(null));
    }
}

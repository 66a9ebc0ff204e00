package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PanelHtml} against one XSS payload at a time: the test's name says what the panel sent,
 * the expected text is what may leave the server. Every result is also checked to hold no tag but
 * an allowed one, with no attribute but a plain {@code class}.
 */
class PanelHtmlTest {

    private static final Pattern ANY_TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ALLOWED_TAG = Pattern.compile("</?([a-z0-9]+)(?: class=\"[A-Za-z0-9_ -]+\")?>");

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("a script element", "<script>alert(1)</script>",
                        "&lt;script&gt;alert(1)&lt;/script&gt;"),
                Arguments.of("a script element in capitals", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
                        "&lt;SCRIPT SRC=//evil.example/x.js&gt;&lt;/SCRIPT&gt;"),
                Arguments.of("an image whose onerror runs script", "<img src=x onerror=alert(1)>",
                        "&lt;img src=x onerror=alert(1)&gt;"),
                Arguments.of("an SVG whose onload runs script", "<svg onload=alert(1)><circle r=1></circle></svg>",
                        "&lt;svg onload=alert(1)&gt;&lt;circle r=1&gt;&lt;/circle&gt;&lt;/svg&gt;"),
                Arguments.of("an event handler on an allowed tag", "<p onclick=\"alert(1)\">T1</p>", "<p>T1</p>"),
                Arguments.of("an event handler next to an allowed class", "<td class=\"num\" onmouseover='alert(1)'>4</td>",
                        "<td class=\"num\">4</td>"),
                Arguments.of("a class value that tries to close its quote", "<span class='x\" onclick=\"alert(1)'>v</span>",
                        "<span>v</span>"),
                Arguments.of("a style attribute loading a URL", "<div style=\"background:url(//evil.example)\">x</div>",
                        "<div>x</div>"),
                Arguments.of("a style element", "<style>body{display:none}</style>",
                        "&lt;style&gt;body{display:none}&lt;/style&gt;"),
                Arguments.of("a javascript: link", "<a href=\"javascript:alert(1)\">fit</a>",
                        "&lt;a href=&quot;javascript:alert(1)&quot;&gt;fit&lt;/a&gt;"),
                Arguments.of("an iframe", "<iframe src=\"//evil.example\"></iframe>",
                        "&lt;iframe src=&quot;//evil.example&quot;&gt;&lt;/iframe&gt;"),
                Arguments.of("a form with an input", "<form action=//evil.example><input name=p></form>",
                        "&lt;form action=//evil.example&gt;&lt;input name=p&gt;&lt;/form&gt;"),
                Arguments.of("a base element redirecting relative URLs", "<base href=\"//evil.example/\">",
                        "&lt;base href=&quot;//evil.example/&quot;&gt;"),
                Arguments.of("a script hidden in a comment", "<!-- <script>alert(1)</script> -->",
                        "&lt;!-- &lt;script&gt;alert(1)&lt;/script&gt; --&gt;"),
                Arguments.of("a script tag split around another", "<scr<script>ipt>alert(1)</script>",
                        "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;"),
                Arguments.of("an attribute value holding a closing bracket", "<p title=\">\" onclick=alert(1)>x</p>",
                        "<p>&quot; onclick=alert(1)&gt;x</p>"),
                Arguments.of("a slash instead of a space before the handler", "<p/onclick=alert(1)>x</p>",
                        "&lt;p/onclick=alert(1)&gt;x"),
                Arguments.of("an entity-encoded script tag (stays text)", "&lt;script&gt;alert(1)&#x3C;/script&#x3E;",
                        "&lt;script&gt;alert(1)&#x3C;/script&#x3E;"),
                Arguments.of("an unclosed allowed tag", "<b>bold", "<b>bold</b>"),
                Arguments.of("a stray closing tag", "</div>text</table>", "text"),
                Arguments.of("a NUL and control characters", "T1\u0000 = 4\u0007 us", "T1  = 4  us"),
                Arguments.of("a bare ampersand and quotes in text", "R & D \"said\" 'so'",
                        "R &amp; D &quot;said&quot; &#39;so&#39;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void leavesNothingThatCanRunOrLoad(String what, String input, String expected) {
        String out = PanelHtml.clean(input);
        assertEquals(expected, out, what);
        Matcher tags = ANY_TAG.matcher(out);
        while (tags.find()) {
            Matcher allowed = ALLOWED_TAG.matcher(tags.group());
            assertTrue(allowed.matches() && PanelHtml.TAGS.contains(allowed.group(1)), what + ": " + tags.group() + " in " + out);
        }
    }
}

package org.labwatch.web.panels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PanelHtml} against one XSS payload at a time: the first argument says what the panel
 * sent, the second is that input, the third is what may leave the server. Every result is also
 * parsed again as a browser would and checked to hold no element but an allowed one, no attribute
 * but a plain {@code class}, and to come out of a second cleaning unchanged (what the page's own
 * copy does must not find anything new).
 */
class PanelHtmlTest {

    static Stream<Arguments> payloads() {
        return Stream.of(
                // Elements that run or load something: gone, with what only they held.
                Arguments.of("a script element", "<script>alert(1)</script>", ""),
                Arguments.of("a script element in capitals", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ""),
                Arguments.of("a script inside SVG", "<svg><script>alert(1)</script></svg>", ""),
                Arguments.of("a style element", "<style>body{display:none}</style>", ""),
                Arguments.of("a style element after text", "T1 <style>*{display:none}</style>= 4", "T1 = 4"),
                Arguments.of("an iframe", "<iframe src=\"//evil.example\"></iframe>", ""),
                Arguments.of("an iframe with srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\">x</iframe>", ""),
                Arguments.of("a form with an input", "<form action=//evil.example><input name=p></form>", ""),
                Arguments.of("a base element redirecting relative URLs", "<base href=\"//evil.example/\">", ""),
                Arguments.of(
                        "an object and an embed",
                        "<object data=\"javascript:alert(1)\"></object><embed src=\"x.swf\">",
                        ""),
                Arguments.of(
                        "a meta refresh to javascript:",
                        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
                        ""),
                Arguments.of("a stylesheet link", "<link rel=stylesheet href=//evil.example/x.css>", ""),
                Arguments.of("a template holding a handler", "<template><img src=x onerror=alert(1)></template>", ""),
                // Event handlers and styles: the attribute goes, the allowed element stays.
                Arguments.of("an image whose onerror runs script", "<img src=x onerror=alert(1)>", ""),
                Arguments.of("an SVG whose onload runs script", "<svg onload=alert(1)><circle r=1></circle></svg>", ""),
                Arguments.of("an event handler on an allowed tag", "<p onclick=\"alert(1)\">T1</p>", "<p>T1</p>"),
                Arguments.of(
                        "an event handler in capitals on an allowed tag",
                        "<B ONMOUSEOVER=alert(1)>T1</B>",
                        "<b>T1</b>"),
                Arguments.of(
                        "an event handler next to an allowed class (a cell outside a table)",
                        "<td class=\"num\" onmouseover='alert(1)'>4</td>",
                        "4"),
                Arguments.of(
                        "an event handler next to an allowed class in a table",
                        "<table><tr><td class=\"num\" onmouseover='alert(1)'>4</td></tr></table>",
                        "<table><tbody><tr><td class=\"num\">4</td></tr></tbody></table>"),
                Arguments.of(
                        "a class value that tries to close its quote",
                        "<span class='x\" onclick=\"alert(1)'>v</span>",
                        "<span>v</span>"),
                Arguments.of(
                        "a style attribute loading a URL",
                        "<div style=\"background:url(//evil.example)\">x</div>",
                        "<div>x</div>"),
                Arguments.of(
                        "an attribute value holding a closing bracket",
                        "<p title=\">\" onclick=alert(1)>x</p>",
                        "<p>x</p>"),
                Arguments.of("a slash instead of a space before the handler", "<p/onclick=alert(1)>x</p>", "<p>x</p>"),
                // URLs: no allowed tag keeps href or src, so no scheme can get through, however it is spelt.
                Arguments.of("a javascript: link", "<a href=\"javascript:alert(1)\">fit</a>", "fit"),
                Arguments.of("an entity-encoded javascript: link", "<a href=\"&#106;avascript:alert(1)\">x</a>", "x"),
                Arguments.of(
                        "a javascript: link with an encoded tab", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "x"),
                Arguments.of(
                        "a javascript: URL as the href of an allowed tag",
                        "<span href=\"javascript:alert(1)\">x</span>",
                        "<span>x</span>"),
                Arguments.of(
                        "a data: URL image",
                        "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
                        ""),
                Arguments.of("a data: URL link", "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>", "d"),
                Arguments.of(
                        "a data: URL as src of an allowed tag",
                        "<div src=\"data:text/html,x\">d</div>",
                        "<div>d</div>"),
                // Foreign content (SVG, MathML), where browsers parse differently from HTML.
                Arguments.of(
                        "an SVG link to javascript:",
                        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"9\">click</text></a></svg>",
                        "click"),
                Arguments.of(
                        "a MathML action to javascript:",
                        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">m</maction></math>",
                        "m"),
                Arguments.of(
                        "the MathML mglyph/style mutation (mXSS)",
                        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                        "<table></table>"),
                Arguments.of(
                        "a noscript whose attribute closes it",
                        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
                        "<p></p>"),
                // Comments, in every spelling a parser may end one.
                Arguments.of("a script hidden in a comment", "<!-- <script>alert(1)</script> -->", ""),
                Arguments.of("a comment closed at once by <!-->", "<!--><img src=x onerror=alert(1)>-->", "--&gt;"),
                Arguments.of("a comment ended by --!>", "<!-- a -- b --!><img src=x onerror=alert(1)>", ""),
                Arguments.of(
                        "a conditional comment",
                        "<p>a</p><!--[if IE]><script>alert(1)</script><![endif]-->",
                        "<p>a</p>"),
                // Broken markup: closed, dropped or kept as text, never a tag.
                Arguments.of(
                        "a script tag split around another", "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
                Arguments.of(
                        "an entity-encoded script tag (stays text)",
                        "&lt;script&gt;alert(1)&#x3C;/script&#x3E;",
                        "&lt;script&gt;alert(1)&lt;/script&gt;"),
                Arguments.of("an unclosed allowed tag", "<b>bold", "<b>bold</b>"),
                Arguments.of(
                        "unclosed cells and a following paragraph",
                        "<table><tr><td>1<td>2</table><p>after",
                        "<table><tbody><tr><td>1</td><td>2</td></tr></tbody></table><p>after</p>"),
                Arguments.of("unclosed list items", "<ul><li>one<li>two", "<ul><li>one</li><li>two</li></ul>"),
                Arguments.of(
                        "an unclosed tag inside a closed one",
                        "<div class=\"ok\"><span>a<b>b</div>",
                        "<div class=\"ok\"><span>a<b>b</b></span></div>"),
                Arguments.of("a stray closing tag", "</div>text</table>", "text"),
                Arguments.of("an unclosed attribute quote", "<p class=\"x>text", ""),
                // Text.
                Arguments.of("a NUL and control characters", "T1\u0000 = 4\u0007 us", "T1  = 4  us"),
                Arguments.of("a bare ampersand and quotes in text", "R & D \"said\" 'so'", "R &amp; D \"said\" 'so'"),
                Arguments.of("entities in text", "<p>x &amp; y &lt; z &eacute;</p>", "<p>x &amp; y &lt; z \u00e9</p>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void leavesNothingThatCanRunOrLoad(String what, String input, String expected) {
        String out = PanelHtml.clean(input);
        assertEquals(expected, out, what);
        for (Element e : Jsoup.parseBodyFragment(out).body().getAllElements()) {
            if (e.tagName().equals("body")) {
                continue;
            }
            assertTrue(PanelHtml.TAGS.contains(e.tagName()), what + ": <" + e.tagName() + "> in " + out);
            for (Attribute a : e.attributes()) {
                assertTrue(
                        a.getKey().equals("class")
                                && PanelHtml.CLASS_NAMES.matcher(a.getValue()).matches(),
                        what + ": attribute " + a + " in " + out);
            }
        }
        assertEquals(out, PanelHtml.clean(out), what + ": a second cleaning changed the result");
    }

    /** Input: one element of every allowed tag, with a class; all of it must come through as it was. */
    @Test
    void keepsEveryAllowedTagAndItsClass() {
        String fragment = "<table class=\"t\"><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr>"
                + "<td class=\"num\">1</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>"
                + "<ul><li>u</li></ul><ol><li>o</li></ol><dl><dt>T1</dt><dd>45 us</dd></dl>"
                + "<p>p <span>s</span> <b>b</b> <i>i</i> <em>e</em> <strong>st</strong> <code>c</code> <small>sm</small>"
                + " H<sub>2</sub>O 10<sup>-3</sup><br></p><div>d</div><h3>3</h3><h4>4</h4><h5>5</h5><pre>a  b\n c</pre>";
        String out = PanelHtml.clean(fragment);
        assertEquals(fragment, out);
        for (String tag : PanelHtml.TAGS) {
            assertTrue(out.contains("<" + tag + ">") || out.contains("<" + tag + " "), tag + " missing from " + out);
        }
    }
}

package org.labwatch.web.panels;

import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Reduces a panel's HTML fragment to plain structure before it leaves the server: the tags of
 * {@link #TAGS} with at most a {@code class} attribute; every other element is dropped with its
 * text kept (script and style bodies, comments and everything inside them are dropped), unclosed
 * tags are closed. A panel from any bundle is then unable to run script or load anything on the
 * page even when it forgets to escape a message it shows.
 *
 * <p>This is the one definition of the panel tag allowlist. The page gets it from
 * {@code /api/panels} ({@code allowed_tags}) and copies the HTML once more node by node with it;
 * the README and the {@code PanelContent} Javadoc list the same tags, which a test checks.
 *
 * <p>jsoup parses the fragment as a browser does (HTML5 tree building, entity decoding, SVG and
 * MathML foreign content), so what the cleaner keeps is what the page will see; the regex-based
 * predecessor had to guess at the browser's reading of every odd input.
 */
final class PanelHtml {

    /** The tags a panel's HTML may keep, in the order the README lists them. */
    static final List<String> TAGS = List.of(
            "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "ul", "ol", "li", "dl", "dt", "dd", "p",
            "div", "span", "h3", "h4", "h5", "b", "i", "em", "strong", "code", "pre", "small", "sub", "sup", "br");

    /** Class values the page's copy keeps too: a class is for the page's CSS, nothing more needs to pass. */
    static final Pattern CLASS_NAMES = Pattern.compile("[A-Za-z0-9_ -]+");

    private static final Safelist SAFELIST =
            new Safelist().addTags(TAGS.toArray(String[]::new)).addAttributes(":all", "class");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private PanelHtml() {}

    static String clean(String fragment) {
        // Control characters have no business in a page and some parsers read NUL differently.
        String text = CONTROL.matcher(fragment).replaceAll(" ");
        Document clean = new Cleaner(SAFELIST).clean(Jsoup.parseBodyFragment(text));
        for (Element e : clean.body().select("[class]")) {
            String cls = e.attr("class").trim();
            if (CLASS_NAMES.matcher(cls).matches()) {
                e.attr("class", cls);
            } else {
                e.removeAttr("class");
            }
        }
        // Not pretty-printed: whitespace inside <pre> and between inline tags is the panel's.
        clean.outputSettings()
                .prettyPrint(false)
                .escapeMode(Entities.EscapeMode.base)
                .charset(java.nio.charset.StandardCharsets.UTF_8);
        return clean.body().html();
    }
}

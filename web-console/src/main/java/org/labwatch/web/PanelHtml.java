package org.labwatch.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a panel's HTML fragment to plain structure before it leaves the server: allowed tags
 * with at most a {@code class} attribute, every other tag, comment or stray bracket turned into
 * visible text, unclosed tags closed. A panel from any bundle is then unable to run script or
 * load anything on the page even when it forgets to escape a message it shows. The page checks
 * the result once more in the browser.
 */
final class PanelHtml {

    static final Set<String> TAGS = Set.of("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "ul", "ol",
            "li", "dl", "dt", "dd", "p", "div", "span", "b", "i", "em", "strong", "code", "pre", "small", "br", "h3",
            "h4", "h5", "sub", "sup");
    private static final Set<String> VOID = Set.of("br");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[^<>]*?)?)\\s*(/?)>");
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLASS_NAMES = Pattern.compile("[A-Za-z0-9_ -]*");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");

    private PanelHtml() {
    }

    static String clean(String fragment) {
        StringBuilder out = new StringBuilder(fragment.length() + 16);
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(fragment);
        int at = 0;
        while (m.find()) {
            text(fragment, at, m.start(), out);
            at = m.end();
            String name = m.group(2).toLowerCase(Locale.ROOT);
            if (!TAGS.contains(name)) {
                text(fragment, m.start(), m.end(), out);
                continue;
            }
            if (!m.group(1).isEmpty()) {
                if (open.contains(name)) {
                    while (!open.isEmpty()) {
                        String top = open.pop();
                        out.append("</").append(top).append('>');
                        if (top.equals(name)) {
                            break;
                        }
                    }
                }
                continue;
            }
            out.append('<').append(name);
            String classes = classes(m.group(3));
            if (classes != null) {
                out.append(" class=\"").append(classes).append('"');
            }
            out.append('>');
            if (!VOID.contains(name) && m.group(4).isEmpty()) {
                open.push(name);
            }
        }
        text(fragment, at, fragment.length(), out);
        while (!open.isEmpty()) {
            out.append("</").append(open.pop()).append('>');
        }
        return out.toString();
    }

    private static String classes(String attributes) {
        if (attributes == null || attributes.isBlank()) {
            return null;
        }
        Matcher c = CLASS.matcher(attributes);
        if (!c.find()) {
            return null;
        }
        String value = c.group(2) != null ? c.group(2) : c.group(3) != null ? c.group(3) : c.group(4);
        return CLASS_NAMES.matcher(value).matches() && !value.isBlank() ? value.trim() : null;
    }

    /** Text between tags: brackets and quotes escaped, an ampersand kept only where it starts an entity. */
    private static void text(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '&' -> {
                    Matcher e = ENTITY.matcher(s).region(i, to);
                    if (e.lookingAt()) {
                        out.append(e.group());
                        i = e.end() - 1;
                    } else {
                        out.append("&amp;");
                    }
                }
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        out.append(' ');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
    }
}

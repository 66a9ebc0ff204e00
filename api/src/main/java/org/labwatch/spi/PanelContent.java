package org.labwatch.spi;

/**
 * What a {@link DashboardPanel} shows for one experiment.
 *
 * @param kind how the page draws {@code body}
 * @param body an HTML fragment (every user string in it escaped with {@link Html#escape}), JSON text,
 *             or empty for {@link Kind#PAGE}
 */
public record PanelContent(Kind kind, String body) {

    public enum Kind {
        /**
         * An HTML fragment. The server keeps only these tags: {@code table thead tbody tfoot tr
         * th td caption ul ol li dl dt dd p div span h3 h4 h5 b i em strong code pre small sub
         * sup br}, each with at most a {@code class} attribute (letters, digits, {@code _ -} and
         * spaces). Other elements are dropped with their text kept; script, style and comments
         * are dropped whole. Build it with {@link Html#escape} around every string the panel
         * did not write itself.
         */
        HTML,
        /** JSON handed to the panel's {@link DashboardPanel#script()}. */
        JSON,
        /** Drawn by the dashboard page itself: its own sections. */
        PAGE
    }

    public PanelContent {
        if (kind == null) {
            throw new IllegalArgumentException("panel content needs a kind");
        }
        if (body == null) {
            throw new IllegalArgumentException("panel content of kind " + kind + " needs a body (may be empty)");
        }
    }

    public static PanelContent html(String fragment) {
        return new PanelContent(Kind.HTML, fragment);
    }

    public static PanelContent json(String json) {
        return new PanelContent(Kind.JSON, json);
    }

    public static PanelContent page() {
        return new PanelContent(Kind.PAGE, "");
    }
}

package org.labwatch.spi;

/**
 * What a {@link DashboardPanel} shows for one experiment.
 *
 * @param kind how the page draws {@code body}
 * @param body an HTML fragment (every user string in it escaped), JSON text, or empty for {@link Kind#PAGE}
 */
public record PanelContent(Kind kind, String body) {

    public enum Kind {
        /**
         * An HTML fragment. The server keeps only plain structure (tables, lists, paragraphs,
         * headings, {@code b i em strong code pre span div br small}) and the {@code class}
         * attribute; anything else arrives as text.
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

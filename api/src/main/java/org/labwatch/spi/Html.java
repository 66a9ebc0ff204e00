package org.labwatch.spi;

/**
 * Text for HTML: what a {@link DashboardPanel} puts around every string it did not write itself
 * (experiment names, messages, step names, units) before building {@link PanelContent#html}, and
 * what labwatch's own pages use. The server cleans panel HTML as well, but only escaping keeps a
 * message such as {@code T < 4 K & rising} reading as it was written.
 */
public final class Html {

    private Html() {}

    /**
     * {@code & < > " '} as entities, so the result is safe as element content and as a quoted
     * attribute value; {@code null} becomes the empty string.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String entity = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && out == null) {
                // Most names and messages hold nothing to escape: they are returned without a copy.
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(text.charAt(i));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}

package org.labwatch.notify.channels;

/**
 * The two chat markups the {@code slack} and {@code mattermost} types write their {@code text} in.
 * Everything a run reports (names, messages) is escaped, so a message cannot format the post, ping a
 * channel or forge a link.
 */
enum Markup {
    /**
     * Slack's mrkdwn: only {@code & < >} have escapes (Slack's own rule); with {@code <} escaped no
     * {@code <!channel>} or {@code <url|label>} can come from a run's text.
     */
    SLACK {
        @Override
        String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        @Override
        String bold(String escaped) {
            return "*" + escaped + "*";
        }

        @Override
        String link(String url, String escapedLabel) {
            // '|' ends the address in <url|label>; '<' and '>' end the link.
            String u = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E");
            return "<" + u + "|" + escapedLabel + ">";
        }

        @Override
        String code(String text) {
            // Inside ``` only & < > are special; a ``` in the text would end the block early.
            return "```" + escape(text).replace("```", "`\u200B``") + "```";
        }
    },

    /**
     * Mattermost's Markdown: a backslash before each Markdown character; '@' gets a zero-width space
     * after it, as webhook posts would otherwise notify @channel or a user named in a message.
     */
    MATTERMOST {
        @Override
        String escape(String text) {
            StringBuilder s = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ("\\`*_{}[]()#+-.!|<>~".indexOf(c) >= 0) {
                    s.append('\\').append(c);
                } else if (c == '@') {
                    s.append("@\u200B");
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }

        @Override
        String bold(String escaped) {
            return "**" + escaped + "**";
        }

        @Override
        String link(String url, String escapedLabel) {
            String u = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20");
            return "[" + escapedLabel + "](" + u + ")";
        }

        @Override
        String code(String text) {
            // A fence longer than any run of backticks in the text cannot be closed by it (CommonMark).
            int longest = 0;
            int run = 0;
            for (int i = 0; i < text.length(); i++) {
                run = text.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            String fence = "`".repeat(Math.max(3, longest + 1));
            return fence + "\n" + text + "\n" + fence;
        }
    };

    abstract String escape(String text);

    abstract String bold(String escaped);

    abstract String link(String url, String escapedLabel);

    /** A preformatted block (a stack trace) of raw text. */
    abstract String code(String text);
}

package org.labwatch.notify.channels;

import java.util.Collection;

/**
 * Takes secrets out of a text that is about to become a delivery's reason: a server's error answer
 * or an exception message can repeat what it was sent (a webhook address with its token, a
 * password), and reasons are shown by labwatch:notify-list and written to the log.
 */
final class Secrets {

    private Secrets() {}

    static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : secrets) {
            // Very short values would blank out ordinary words; no real secret is that short.
            if (secret != null && secret.length() >= 4) {
                s = s.replace(secret, "***");
            }
        }
        return s;
    }
}

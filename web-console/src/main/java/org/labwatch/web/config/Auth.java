package org.labwatch.web.config;

/**
 * Who may read the dashboard and the API ({@code auth} in {@code etc/org.labwatch.web.cfg}).
 * Constants are spelt as they are written in the cfg file: SCR converts the text by the exact
 * constant name.
 */
public enum Auth {
    /** Everyone who reaches the port. */
    none,
    /** HTTP Basic against a JAAS realm. */
    basic
}

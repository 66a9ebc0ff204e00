package org.labwatch.internal.ship;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment (RFC 3986): only unreserved characters stay as they
 * are. {@code URLEncoder} would not do: it encodes for forms, where a space becomes '+'.
 */
final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {}

    static String encode(String segment) {
        StringBuilder b = new StringBuilder(segment.length() + 8);
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * Why a server of protocol v1 would refuse this file or root name, or null when it would not:
     * it must stay a single name in its directory.
     */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "an empty name";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "a name longer than 255 bytes (no file system keeps it)";
        }
        if (name.startsWith(".")) {
            return "a name beginning with '.'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return "a name holding a separator or control character";
            }
        }
        return null;
    }
}

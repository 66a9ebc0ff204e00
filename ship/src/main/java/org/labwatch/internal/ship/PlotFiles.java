package org.labwatch.internal.ship;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which plot files are images the server takes (PNG, JPEG, SVG): by name when listing, by content
 * before sending, so a half-written or mistaken file is not sent only to be refused.
 */
final class PlotFiles {

    private PlotFiles() {}

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".svg");
    }

    static boolean looksLikeImage(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return true;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return true;
        }
        // SVG: XML text with an <svg element near the start.
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        return head.contains("<svg");
    }
}

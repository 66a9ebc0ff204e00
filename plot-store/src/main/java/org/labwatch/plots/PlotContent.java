package org.labwatch.plots;

import java.util.Locale;
import org.labwatch.spi.PlotType;

/**
 * Decides an image type from the first bytes, never from a name: the dashboard serves a plot
 * with the type found here, so a file named {@code .png} that holds HTML must not pass.
 */
final class PlotContent {

    /** How much of a file is looked at; enough for any SVG prolog a plotting library writes. */
    static final int SNIFF_BYTES = 4096;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private PlotContent() {
    }

    /** The type of the content in {@code bytes[0, length)}, or null when it is none we serve. */
    static PlotType typeOf(byte[] bytes, int length) {
        if (startsWith(bytes, length, PNG)) {
            return PlotType.PNG;
        }
        if (startsWith(bytes, length, JPEG)) {
            return PlotType.JPEG;
        }
        if (SvgStart.isSvg(bytes, Math.min(length, SNIFF_BYTES))) {
            return PlotType.SVG;
        }
        return null;
    }

    /** "25 50 44 46 ..." for error messages: what the content really starts with. */
    static String firstBytes(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(bytes.length, 8);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return shown < bytes.length ? text.append(" ...").toString() : text.toString();
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (bytes[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}

package org.labwatch.web;

import org.labwatch.spi.PlotType;

/**
 * The image type of a plot from its first bytes: PNG and JPEG by signature, SVG by its root
 * element after an optional prolog (BOM, XML declaration, comments, an svg DOCTYPE). The same rule
 * as the plot store's; kept here because the server decides what it serves from the bytes it
 * serves, whoever wrote the file.
 */
final class PlotBytes {

    static final int SNIFF_BYTES = 4096;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private PlotBytes() {
    }

    static PlotType typeOf(byte[] b, int length) {
        if (startsWith(b, length, 0, PNG)) {
            return PlotType.PNG;
        }
        if (startsWith(b, length, 0, JPEG)) {
            return PlotType.JPEG;
        }
        return isSvg(b, Math.min(length, SNIFF_BYTES)) ? PlotType.SVG : null;
    }

    private static boolean isSvg(byte[] b, int length) {
        int i = length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i >= 0) {
            i = skipSpace(b, i, length);
            if (at(b, i, length, "<?")) {
                i = after(b, i + 2, length, "?>");
            } else if (at(b, i, length, "<!--")) {
                i = after(b, i + 4, length, "-->");
            } else if (at(b, i, length, "<!DOCTYPE")) {
                int name = skipSpace(b, i + 9, length);
                if (name == i + 9 || !at(b, name, length, "svg") || !endOfName(b, name + 3, length)) {
                    return false;
                }
                i = afterDoctype(b, name + 3, length);
            } else {
                return at(b, i, length, "<svg") && endOfName(b, i + 4, length);
            }
        }
        return false;
    }

    private static int afterDoctype(byte[] b, int i, int length) {
        boolean subset = false;
        for (; i < length; i++) {
            if (b[i] == '[') {
                subset = true;
            } else if (b[i] == ']') {
                subset = false;
            } else if (b[i] == '>' && !subset) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean endOfName(byte[] b, int i, int length) {
        return i < length && (space(b[i]) || b[i] == '>' || b[i] == '/' || b[i] == '[');
    }

    private static int skipSpace(byte[] b, int i, int length) {
        while (i < length && space(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean space(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean at(byte[] b, int i, int length, String ascii) {
        if (i < 0 || i + ascii.length() > length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (b[i + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int after(byte[] b, int i, int length, String end) {
        for (; i + end.length() <= length; i++) {
            if (at(b, i, length, end)) {
                return i + end.length();
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int length, int from, byte[] signature) {
        if (length - from < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (b[from + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}

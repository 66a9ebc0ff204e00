package org.labwatch.spi;

/**
 * PNG and JPEG by their signatures; an SVG document by its prolog: optional UTF-8 byte order mark, whitespace, an XML
 * declaration or other processing instructions, comments, a {@code <!DOCTYPE svg ...>}, then
 * the root element {@code <svg}. A scan of the first bytes, not an XML parse: parsing untrusted
 * XML invites entity expansion and external fetches, and the type only needs the root element.
 * An HTML page with an {@code <svg>} inside is refused: its root is {@code html}.
 */
final class PlotSignatures {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private PlotSignatures() {}

    static PlotType typeOf(byte[] b, int length) {
        if (startsWith(b, length, PNG)) {
            return PlotType.PNG;
        }
        if (startsWith(b, length, JPEG)) {
            return PlotType.JPEG;
        }
        return isSvg(b, Math.min(length, PlotType.SNIFF_BYTES)) ? PlotType.SVG : null;
    }

    private static boolean startsWith(byte[] b, int length, byte[] signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (b[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isSvg(byte[] b, int length) {
        int i = 0;
        if (length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (true) {
            i = skipWhitespace(b, i, length);
            if (at(b, i, length, "<?")) {
                i = after(b, i + 2, length, "?>");
            } else if (at(b, i, length, "<!--")) {
                i = after(b, i + 4, length, "-->");
            } else if (at(b, i, length, "<!DOCTYPE")) {
                int name = skipWhitespace(b, i + 9, length);
                if (name == i + 9 || !at(b, name, length, "svg") || !endOfName(b, name + 3, length)) {
                    return false;
                }
                i = afterDoctype(b, name + 3, length);
            } else {
                return at(b, i, length, "<svg") && endOfName(b, i + 4, length);
            }
            if (i < 0) {
                return false;
            }
        }
    }

    /** The end of a DOCTYPE, past an internal subset in [...] that may itself contain '>'. */
    private static int afterDoctype(byte[] b, int i, int length) {
        boolean inSubset = false;
        for (; i < length; i++) {
            if (b[i] == '[') {
                inSubset = true;
            } else if (b[i] == ']') {
                inSubset = false;
            } else if (b[i] == '>' && !inSubset) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean endOfName(byte[] b, int i, int length) {
        return i < length && (isWhitespace(b[i]) || b[i] == '>' || b[i] == '/' || b[i] == '[');
    }

    private static int skipWhitespace(byte[] b, int i, int length) {
        while (i < length && isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte c) {
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

    /** The index after {@code end} found from {@code i}, or -1 when it is not within the bytes looked at. */
    private static int after(byte[] b, int i, int length, String end) {
        for (; i + end.length() <= length; i++) {
            if (at(b, i, length, end)) {
                return i + end.length();
            }
        }
        return -1;
    }
}

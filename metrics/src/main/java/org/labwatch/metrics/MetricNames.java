package org.labwatch.metrics;

/**
 * The rule for metric names of docs/metrics.md, as a reader applies it: 1 to 128 characters of
 * {@code A-Z a-z 0-9 _ . / -}, starting with a letter, digit or {@code _}, without {@code ..} and
 * without a trailing {@code /}. A line whose name breaks it is malformed: such a name could not be
 * asked for in a URL path, and no writer makes one.
 */
final class MetricNames {

    static final int MAX_LENGTH = 128;

    private MetricNames() {}

    static boolean valid(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > MAX_LENGTH || !startsWell(b[from]) || b[to - 1] == '/') {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (!(letterOrDigit(c) || c == '_' || c == '-' || c == '/' || c == '.')) {
                return false;
            }
            if (c == '.' && i > from && b[i - 1] == '.') {
                return false;
            }
        }
        return true;
    }

    static boolean valid(String name) {
        if (name == null || name.length() > MAX_LENGTH) {
            return false;
        }
        byte[] b = new byte[name.length()];
        for (int i = 0; i < b.length; i++) {
            char c = name.charAt(i);
            if (c > 127) {
                return false;
            }
            b[i] = (byte) c;
        }
        return valid(b, 0, b.length);
    }

    private static boolean startsWell(byte c) {
        return letterOrDigit(c) || c == '_';
    }

    private static boolean letterOrDigit(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

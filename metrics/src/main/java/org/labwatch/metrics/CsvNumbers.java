package org.labwatch.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The three numbers of a metrics line, parsed from bytes without making a string for each: a
 * file of a million lines is read on a dashboard request. Strict about what the writers produce
 * (docs/metrics.md), so that a damaged line is skipped rather than misread:
 *
 * <ul>
 * <li>{@code time}: decimal seconds, as milliseconds (the format writes exactly three decimals;
 *     more are rounded, an exponent is accepted for hand-made files);
 * <li>{@code step}: a decimal 64-bit integer;
 * <li>{@code value}: a number as Java's {@code Double.toString} ({@code 1.0E-5}) or Python's
 *     {@code repr} ({@code 1e-05}) writes it, or {@code NaN}, {@code Infinity}, {@code -Infinity}
 *     (and Python's {@code nan}, {@code inf}, {@code -inf}). Java's other literal forms
 *     ({@code 1d}, hex, surrounding blanks) are refused.
 * </ul>
 */
final class CsvNumbers {

    /** Thrown for a field that is not what the format says; shared and without a stack trace, as it may be frequent. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("malformed field", null, false, false);
        }
    }

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private CsvNumbers() {}

    static long step(byte[] b, int from, int to) throws Malformed {
        boolean negative = from < to && b[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 19) {
            throw Malformed.INSTANCE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw Malformed.INSTANCE;
            }
            // Accumulated negatively: Long.MIN_VALUE has no positive counterpart.
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw Malformed.INSTANCE;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw Malformed.INSTANCE;
            }
            v = -v;
        }
        return v;
    }

    /** Seconds with up to three decimals, exactly, as milliseconds; anything else through BigDecimal. */
    static long timeMillis(byte[] b, int from, int to) throws Malformed {
        boolean negative = from < to && b[from] == '-';
        int i = negative ? from + 1 : from;
        int intStart = i;
        long seconds = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9' && i - intStart < 15) {
            seconds = seconds * 10 + (b[i] - '0');
            i++;
        }
        if (i == intStart) {
            throw Malformed.INSTANCE;
        }
        long millis = 0;
        if (i < to && b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < to && b[i] >= '0' && b[i] <= '9' && i - fracStart < 3) {
                millis = millis * 10 + (b[i] - '0');
                i++;
            }
            if (i == fracStart) {
                throw Malformed.INSTANCE;
            }
            for (int k = i - fracStart; k < 3; k++) {
                millis *= 10;
            }
        }
        if (i != to) {
            return slowTime(b, from, to);
        }
        long v = seconds * 1000 + millis;
        return negative ? -v : v;
    }

    private static long slowTime(byte[] b, int from, int to) throws Malformed {
        if (!decimal(b, from, to)) {
            throw Malformed.INSTANCE;
        }
        try {
            return new BigDecimal(ascii(b, from, to))
                    .movePointRight(3)
                    .setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw Malformed.INSTANCE;
        }
    }

    static double value(byte[] b, int from, int to) throws Malformed {
        int n = to - from;
        if (n == 0) {
            throw Malformed.INSTANCE;
        }
        byte first = b[from];
        if (first == 'N'
                || first == 'n'
                || first == 'I'
                || first == 'i'
                || (first == '-' && n > 1 && !digit(b[from + 1]))) {
            return special(b, from, to);
        }
        // Fast path: at most 15 significant digits and a small decimal exponent make the value
        // one exact integer times or divided by one exact power of ten, which IEEE division and
        // multiplication round correctly. Everything else goes to the JDK's parser.
        boolean negative = first == '-';
        int i = negative ? from + 1 : from;
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        int start = i;
        while (i < to && digit(b[i])) {
            if (mantissa != 0 || b[i] != '0') {
                if (digits == 15) {
                    return slowValue(b, from, to);
                }
                mantissa = mantissa * 10 + (b[i] - '0');
                digits++;
            }
            i++;
        }
        if (i == start) {
            throw Malformed.INSTANCE;
        }
        if (i < to && b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < to && digit(b[i])) {
                if (mantissa != 0 || b[i] != '0') {
                    if (digits == 15) {
                        return slowValue(b, from, to);
                    }
                    mantissa = mantissa * 10 + (b[i] - '0');
                    digits++;
                }
                exponent--;
                i++;
            }
            if (i == fracStart) {
                throw Malformed.INSTANCE;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = i < to && b[i] == '-';
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int expStart = i;
            int e = 0;
            while (i < to && digit(b[i])) {
                if (e < 10_000) {
                    e = e * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == expStart) {
                throw Malformed.INSTANCE;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            throw Malformed.INSTANCE;
        }
        if (exponent < -22 || exponent > 22) {
            return slowValue(b, from, to);
        }
        double v = exponent < 0 ? mantissa / POWERS[-exponent] : mantissa * POWERS[exponent];
        return negative ? -v : v;
    }

    /** Already checked by {@link #value}'s grammar: the JDK rounds it. */
    private static double slowValue(byte[] b, int from, int to) throws Malformed {
        if (!decimal(b, from, to)) {
            throw Malformed.INSTANCE;
        }
        return Double.parseDouble(ascii(b, from, to));
    }

    private static double special(byte[] b, int from, int to) throws Malformed {
        switch (ascii(b, from, to)) {
            case "NaN":
            case "nan":
                return Double.NaN;
            case "Infinity":
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                throw Malformed.INSTANCE;
        }
    }

    /** {@code -?digits(.digits)?([eE][+-]?digits)?}: what both writers produce for a finite number. */
    private static boolean decimal(byte[] b, int from, int to) {
        int i = from < to && b[from] == '-' ? from + 1 : from;
        int start = i;
        while (i < to && digit(b[i])) {
            i++;
        }
        if (i == start) {
            return false;
        }
        if (i < to && b[i] == '.') {
            int fracStart = ++i;
            while (i < to && digit(b[i])) {
                i++;
            }
            if (i == fracStart) {
                return false;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int expStart = i;
            while (i < to && digit(b[i])) {
                i++;
            }
            if (i == expStart) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}

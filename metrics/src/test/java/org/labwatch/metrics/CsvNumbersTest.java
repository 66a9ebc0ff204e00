package org.labwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The three numbers of a line, as both writers write them, and what is refused. */
class CsvNumbersTest {

    private static double value(String text) throws CsvNumbers.Malformed {
        byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        return CsvNumbers.value(b, 1, b.length - 1);
    }

    private static long time(String text) throws CsvNumbers.Malformed {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return CsvNumbers.timeMillis(b, 0, b.length);
    }

    private static long step(String text) throws CsvNumbers.Malformed {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return CsvNumbers.step(b, 0, b.length);
    }

    @Test
    void javaAndPythonNumbersReadTheSame() throws Exception {
        // Java's Double.toString next to Python's repr of the same double.
        String[][] pairs = {
            {"45.2", "45.2"},
            {"1.0E-5", "1e-05"},
            {"1.2E16", "1.2e+16"},
            {"1.0E22", "1e+22"},
            {"-0.0", "-0.0"},
            {"1.7976931348623157E308", "1.7976931348623157e+308"},
            {"4.9E-324", "5e-324"},
            {"0.1", "0.1"},
            {"3.141592653589793", "3.141592653589793"},
            {"1.2345678901234568E17", "1.2345678901234568e+17"},
            {"12000.0", "12000.0"},
        };
        for (String[] p : pairs) {
            double expected = Double.parseDouble(p[0]);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value(p[0])), p[0]);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value(p[1])), p[1]);
        }
    }

    @Test
    void everyDoubleReadsBackExactlyInBothSpellings() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 40_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * 1000;
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1000.0;
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30));
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            String java = Double.toString(d);
            // Python writes the exponent in lower case, with a sign and at least two digits.
            String python = String.format(Locale.ROOT, "%.17g", d).replaceAll("e([+-])(\\d)$", "e$10$2");
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(value(java)), java);
            assertEquals(
                    Double.doubleToRawLongBits(Double.parseDouble(python)),
                    Double.doubleToRawLongBits(value(python)),
                    python);
        }
    }

    @Test
    void nonFiniteValuesInBothSpellings() throws Exception {
        assertEquals(Double.NaN, value("NaN"));
        assertEquals(Double.NaN, value("nan"));
        assertEquals(Double.POSITIVE_INFINITY, value("Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, value("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, value("-Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, value("-inf"));
    }

    @Test
    void otherSpellingsAreRefused() {
        for (String bad : List.of(
                "",
                "-",
                "+1",
                ".5",
                "1.",
                "1e",
                "1e+",
                "1d",
                "1f",
                "0x1p3",
                " 1",
                "1 ",
                "1,5",
                "--1",
                "NAN",
                "Inf",
                "+Infinity",
                "1.0.0",
                "1e5.0",
                "abc")) {
            assertThrows(CsvNumbers.Malformed.class, () -> value(bad), "'" + bad + "'");
        }
    }

    @Test
    void timesAreMillisecondsExactly() throws Exception {
        assertEquals(1796415303125L, time("1796415303.125"));
        assertEquals(1796415303000L, time("1796415303"));
        assertEquals(1796415303100L, time("1796415303.1"));
        assertEquals(1796415303120L, time("1796415303.12"));
        assertEquals(1796415303125L, time("1796415303.1254"), "more decimals than the format writes are rounded");
        assertEquals(1796415303126L, time("1796415303.1256"));
        assertEquals(1796415303125L, time("1.796415303125E9"), "a hand-made file's exponent");
        assertEquals(-1500L, time("-1.5"));
        assertEquals(0L, time("0.000"));
        for (String bad : List.of("", "-", "abc", "1.", ".5", "1,5", "1e", "NaN", "1796415303.125x", " 1")) {
            assertThrows(CsvNumbers.Malformed.class, () -> time(bad), "'" + bad + "'");
        }
    }

    @Test
    void stepsAreAny64BitInteger() throws Exception {
        assertEquals(0L, step("0"));
        assertEquals(-5L, step("-5"));
        assertEquals(Long.MAX_VALUE, step("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, step("-9223372036854775808"));
        for (String bad : List.of(
                "",
                "-",
                "9223372036854775808",
                "-9223372036854775809",
                "1.0",
                "1e3",
                "+1",
                " 1",
                "12345678901234567890")) {
            assertThrows(CsvNumbers.Malformed.class, () -> step(bad), "'" + bad + "'");
        }
    }
}

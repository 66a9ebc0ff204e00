package org.labwatch.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a run's metrics file strictly, as docs/metrics.md defines it: a header first, then
 * {@code time,step,name,value} lines, each ended by {@code \n}. Anything else fails the test,
 * except, where a writer was killed, a last line without {@code \n}, which readers ignore.
 */
final class MetricsCsv {

    record Line(long timeMillis, long step, String name, double value) {}

    private MetricsCsv() {}

    static Path onlyFile(Path exptPath) {
        try (Stream<Path> s = Files.list(exptPath.resolve("monitoring/metrics"))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".csv")).toList();
            if (files.size() != 1) {
                throw new AssertionError("expected one metrics file, found " + files);
            }
            return files.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file whose writer ended normally: every line is whole. */
    static List<Line> read(Path file) {
        return read(file, false);
    }

    /** @param killedWriter the writer was killed: a write cut short may leave a last line without {@code \n} */
    static List<Line> read(Path file, boolean killedWriter) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (killedWriter && !text.endsWith("\n")) {
            text = text.substring(0, text.lastIndexOf('\n') + 1);
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError(
                    "the file does not end with a whole line: ..." + text.substring(Math.max(0, text.length() - 80)));
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals("time,step,name,value")) {
            throw new AssertionError("first line is not the header: " + lines[0]);
        }
        List<Line> out = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length != 4 || !f[0].matches("-?\\d+\\.\\d{3}")) {
                throw new AssertionError("line " + (i + 1) + " is malformed: " + lines[i]);
            }
            out.add(new Line(
                    Math.round(Double.parseDouble(f[0]) * 1000), Long.parseLong(f[1]), f[2], Double.parseDouble(f[3])));
        }
        return out;
    }
}

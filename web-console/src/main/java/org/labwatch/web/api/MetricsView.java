package org.labwatch.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.RunMetrics;
import org.labwatch.web.http.Reply;

/**
 * A run's metrics (docs/metrics.md, "Over HTTP"):
 * <pre>
 * GET /api/experiments/{id}/metrics          every metric of the run's file: counts, ends, extremes
 * GET /api/experiments/{id}/metrics/{name}   ?points=N&amp;x=step|time&amp;from=A&amp;to=B, or &amp;format=csv
 * </pre>
 * Times are Unix seconds with three decimals, as in the file; a value that is not finite is the
 * string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}, since JSON has no such numbers.
 */
final class MetricsView {

    static final int DEFAULT_POINTS = 1000;
    static final int MIN_POINTS = 4;
    static final int MAX_POINTS = 10_000;

    /** A step, or Unix seconds with decimals: plain digits only, so that no exponent makes a huge number. */
    private static final Pattern BOUND = Pattern.compile("-?\\d{1,19}(\\.\\d{1,18})?");

    private final ObjectMapper mapper;
    private final MetricSource source;

    MetricsView(ObjectMapper mapper, MetricSource source) {
        this.mapper = mapper;
        this.source = source;
    }

    /** {@code GET .../metrics}; null when the run is gone. */
    ObjectNode list(String id) throws IOException {
        Optional<RunMetrics> found = source.metrics(id);
        if (found.isEmpty()) {
            return null;
        }
        RunMetrics m = found.get();
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("file", m.file());
        root.put("skipped_lines", m.skippedLines());
        ArrayNode metrics = root.putArray("metrics");
        for (RunMetrics.Metric metric : m.metrics()) {
            ObjectNode n = metrics.addObject();
            n.put("name", metric.name());
            n.put("count", metric.count());
            n.put("first_step", metric.firstStep());
            n.put("last_step", metric.lastStep());
            n.put("first_time", seconds(metric.firstTimeMillis()));
            n.put("last_time", seconds(metric.lastTimeMillis()));
            value(n, "last", metric.last());
            if (metric.min() != null) {
                n.put("min", metric.min());
                n.put("max", metric.max());
            }
        }
        return root;
    }

    /** {@code GET .../metrics/{name}}: parameters checked first (400), then the metric looked up (404). */
    Reply series(String id, String name, Map<String, String> query) throws IOException, BadQuery {
        MetricRange.Axis x = axis(query.get("x"));
        long from = bound("from", query.get("from"), x, true);
        long to = bound("to", query.get("to"), x, false);
        if (from > to) {
            throw new BadQuery(
                    "from must not be greater than to, got from=" + query.get("from") + " and to=" + query.get("to"));
        }
        MetricRange range = new MetricRange(name, x, from, to);
        String format = query.get("format");
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new BadQuery("format must be csv or json, got '" + format + "'");
        }
        int points = points(query.get("points"));
        if ("csv".equals(format)) {
            return csv(id, range);
        }
        Optional<MetricSeries> series = source.series(id, range, points);
        if (series.isEmpty()) {
            return noSuchMetric(id, name);
        }
        return Reply.json(json(series.get()));
    }

    /**
     * Written with a generator, not a tree: up to 10,000 points of three numbers each, on every
     * chart refresh. The mapper's factory keeps its escaping rules.
     */
    private byte[] json(MetricSeries s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + s.points().size() * 40);
        try (JsonGenerator g = mapper.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("x", s.x().jsonName());
            g.writeNumberField("count", s.count());
            g.writeBooleanField("downsampled", s.downsampled());
            g.writeArrayFieldStart("points");
            for (MetricSeries.Point p : s.points()) {
                g.writeStartArray();
                g.writeNumber(p.step());
                g.writeNumber(seconds(p.timeMillis()));
                if (Double.isFinite(p.value())) {
                    g.writeNumber(p.value());
                } else {
                    g.writeString(Double.toString(p.value()));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** Every value of the range as {@code step,time,value} lines, written while they are read. */
    private Reply csv(String id, MetricRange range) throws IOException {
        Optional<RunMetrics> run = source.metrics(id);
        if (run.isEmpty()
                || run.get().metrics().stream().noneMatch(m -> m.name().equals(range.name()))) {
            return noSuchMetric(id, range.name());
        }
        return Reply.streaming("text/csv; charset=utf-8", out -> writeCsv(id, range, out))
                .header("Content-Security-Policy", Reply.RAW_CSP)
                .header("Content-Disposition", "attachment; filename=\"" + fileName(id, range.name()) + "\"");
    }

    private void writeCsv(String id, MetricRange range, OutputStream out) throws IOException {
        AsciiLines lines = new AsciiLines(out);
        lines.append("step,time,value").end();
        source.forEach(
                id,
                range,
                (step, time, value) -> lines.append(step)
                        .append(',')
                        .append(seconds(time).toPlainString())
                        .append(',')
                        .append(Double.toString(value))
                        .end());
        lines.flush();
    }

    /** Lines of ASCII text into a stream through one reused buffer: a download may be a million lines. */
    private static final class AsciiLines {
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private int used;

        AsciiLines(OutputStream out) {
            this.out = out;
        }

        AsciiLines append(String text) throws IOException {
            if (used + text.length() > buffer.length) {
                flush();
            }
            for (int i = 0; i < text.length(); i++) {
                buffer[used++] = (byte) text.charAt(i); // ASCII only: numbers and the header
            }
            return this;
        }

        AsciiLines append(long n) throws IOException {
            return append(Long.toString(n));
        }

        AsciiLines append(char c) throws IOException {
            return append(String.valueOf(c));
        }

        void end() throws IOException {
            append('\n');
        }

        void flush() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
            out.flush();
        }
    }

    private static Reply noSuchMetric(String id, String name) {
        return Reply.error(404, "experiment '" + id + "' has no metric '" + name + "'");
    }

    /** A download's file name: the run and metric, with anything but letters, digits, '.', '-' and '_' as '_'. */
    static String fileName(String id, String name) {
        return (id + "_" + name).replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }

    static int points(String text) throws BadQuery {
        if (text == null) {
            return DEFAULT_POINTS;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= MIN_POINTS && n <= MAX_POINTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadQuery(
                "points must be a whole number from " + MIN_POINTS + " to " + MAX_POINTS + ", got '" + text + "'");
    }

    static MetricRange.Axis axis(String text) throws BadQuery {
        if (text == null || text.equals("step")) {
            return MetricRange.Axis.STEP;
        }
        if (text.equals("time")) {
            return MetricRange.Axis.TIME;
        }
        throw new BadQuery("x must be step or time, got '" + text + "'");
    }

    /**
     * {@code from} or {@code to} in units of {@code x} (a step, or Unix seconds for time), inclusive:
     * a fraction moves a lower bound up and an upper bound down to the next whole step or millisecond.
     */
    static long bound(String name, String text, MetricRange.Axis x, boolean lower) throws BadQuery {
        if (text == null) {
            return lower ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        String t = text.trim();
        if (BOUND.matcher(t).matches()) {
            BigDecimal v = new BigDecimal(t);
            if (x == MetricRange.Axis.TIME) {
                v = v.movePointRight(3);
            }
            try {
                return v.setScale(0, lower ? RoundingMode.CEILING : RoundingMode.FLOOR)
                        .longValueExact();
            } catch (ArithmeticException e) {
                // said below
            }
        }
        throw new BadQuery(name + " must be a number ("
                + (x == MetricRange.Axis.TIME ? "Unix seconds, as x=time" : "a step, as x=step")
                + "), got '" + text + "'");
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    private static void value(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.put(field, Double.toString(v));
        }
    }
}

package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.RunMetrics;

/**
 * One metrics file, parsed: its series, how far it has been read (only whole lines), and how many
 * lines were skipped. {@link #refresh} reads only what was appended since, from that byte offset,
 * through the {@link LogSource}; a file that became shorter or was replaced (no line ends where the
 * last read ended) is read again from the start.
 */
final class RunData {

    /** Thrown from the parser's callback to stop a file that would exceed the budget. */
    private static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full() {
            super(null, null, false, false);
        }
    }

    private final Path file;
    /** The source the series were read from: another one (a store swapped in) is read from the start. */
    private LogSource readFrom;

    private long parsedTo;
    private long skipped;
    private final Map<String, Series> series = new HashMap<>();
    /** Read by the cache without this object's lock, to add up the budget. */
    private volatile long values;

    RunData(Path file) {
        this.file = file;
    }

    long values() {
        return values;
    }

    /**
     * Reads what was appended since the last call, up to {@code length}, the file's length as the
     * source just told it.
     *
     * @throws TooManyValues when the file holds more than {@code maxValues} values; what was read is dropped
     */
    synchronized void refresh(LogSource source, long length, long maxValues) throws IOException {
        if (length < parsedTo || source != readFrom) {
            clear();
        }
        readFrom = source;
        if (length == parsedTo) {
            return;
        }
        try {
            if (!readUpTo(source, length, maxValues)) {
                clear();
                readUpTo(source, length, maxValues);
            }
        } catch (Full e) {
            clear();
            throw new TooManyValues(file.getFileName().toString(), maxValues);
        } catch (IOException | RuntimeException e) {
            clear(); // part of a block may be in the series already: read it all again next time
            throw e;
        }
    }

    /** False, having read nothing, when the file is not the one read before. */
    private boolean readUpTo(LogSource source, long length, long maxValues) throws IOException {
        long[] count = {values};
        LineParser parser = new LineParser((name, step, time, value) -> {
            if (++count[0] > maxValues) {
                throw new Full();
            }
            series.computeIfAbsent(name, Series::new).add(step, time, value);
        });
        long to = LineReader.read(source, file, parsedTo, length, true, parser);
        if (to == LineReader.REPLACED) {
            return false;
        }
        parsedTo = to;
        skipped += parser.skipped();
        values = count[0];
        return true;
    }

    private void clear() {
        series.clear();
        parsedTo = 0;
        skipped = 0;
        values = 0;
    }

    synchronized RunMetrics summary() {
        List<RunMetrics.Metric> metrics = new ArrayList<>(series.size());
        for (Series s : series.values()) {
            metrics.add(s.summary());
        }
        metrics.sort(Comparator.comparing(RunMetrics.Metric::name));
        return new RunMetrics(file.getFileName().toString(), skipped, metrics);
    }

    /** The metric's values in the range, downsampled to {@code maxPoints}; null when there is no such metric. */
    synchronized MetricSeries series(MetricRange range, int maxPoints) {
        SeriesView view = view(range);
        if (view == null) {
            return null;
        }
        int lo = view.lowerBound(range.from());
        int hi = Math.max(lo, view.upperBound(range.to()));
        return new MetricSeries(
                range.name(), range.x(), hi - lo, hi - lo > maxPoints, Buckets.points(view, lo, hi, maxPoints));
    }

    /** The metric ordered along the range's axis, as it is now; null when there is no such metric. */
    synchronized SeriesView view(MetricRange range) {
        Series s = series.get(range.name());
        return s == null ? null : s.view(range.x());
    }
}

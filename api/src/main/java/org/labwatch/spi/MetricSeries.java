package org.labwatch.spi;

import java.util.List;

/**
 * The answer to a {@link MetricSource#series} query: {@code count} values lie in the range, and
 * {@code points} are all of them or, {@code downsampled}, the ones the bucket rule kept, ordered
 * along {@code x}.
 *
 * @since 3.1
 */
public record MetricSeries(String name, MetricRange.Axis x, long count, boolean downsampled, List<Point> points) {

    public MetricSeries {
        points = List.copyOf(points);
    }

    /** One recorded value; {@code value} may be NaN or infinite (drawn as a gap). */
    public record Point(long step, long timeMillis, double value) {}
}

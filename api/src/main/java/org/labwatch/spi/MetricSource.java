package org.labwatch.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads back the metrics runs recorded ({@code docs/metrics.md}): every metric of a run with its
 * counts and extremes, one metric's values over a range (downsampled so that no spike or gap is
 * lost), every value of a range, and which runs' metrics grew. Runs are named by their id in the
 * {@link ExperimentIndex} ({@code rabi}, {@code autocalibration@fridge-pc.qubit1}), not by a
 * file, so that a store that keeps metrics elsewhere (a database) can answer the same questions.
 *
 * <p>Times are Unix time in milliseconds: the file format writes seconds with exactly three
 * decimals, so a {@code long} holds every time exactly.
 *
 * @since 3.1
 */
public interface MetricSource {

    /** Service property naming where the metrics are kept ("file"), for {@code target} filters. */
    String TYPE = "labwatch.store.type";

    /**
     * Every metric of the run's latest metrics, read from where they are kept (not from the bounded
     * summary in the status). Empty when there is no run {@code runId}; {@link RunMetrics#NONE} when
     * the run recorded none.
     *
     * @throws IOException when the metrics cannot be read (the message says why)
     */
    Optional<RunMetrics> metrics(String runId) throws IOException;

    /**
     * At most {@code maxPoints} (4 to 10,000) of the values in {@code range}, ordered by the range's
     * axis (ties in recording order). When the range holds more, its first and last values are kept
     * exactly and the values between them are cut into {@code maxPoints / 2 - 1} equal buckets along
     * the axis, each keeping its lowest and its highest value, or one of its non-finite values
     * (a gap) and the one of those two farther from the bucket's mean. Empty when there is no such
     * run or no such metric.
     *
     * @throws IllegalArgumentException when {@code maxPoints} is out of bounds
     * @throws IOException when the metrics cannot be read
     */
    Optional<MetricSeries> series(String runId, MetricRange range, int maxPoints) throws IOException;

    /**
     * Hands every value in {@code range} to {@code each}, ordered as {@link #series} orders them
     * (for a download). Returns false, calling {@code each} never, when there is no such run or
     * metric. An exception thrown by {@code each} ends the walk and is passed on.
     *
     * @throws IOException when the metrics cannot be read, or {@code each} throws it
     */
    boolean forEach(String runId, MetricRange range, PointConsumer each) throws IOException;

    /**
     * Tells the listener, until the subscription is closed, whenever runs' metrics grew: which run
     * and which of its metrics got values. What was there when the watch started is not news.
     * Calls come on the source's own thread and may be frequent (every append); a listener that
     * shows them coalesces them itself.
     */
    Subscription watch(MetricListener listener);

    /** Takes the values of {@link #forEach} one by one, without a boxed point per value. */
    @FunctionalInterface
    interface PointConsumer {
        void accept(long step, long timeMillis, double value) throws IOException;
    }
}

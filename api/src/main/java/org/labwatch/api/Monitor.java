package org.labwatch.api;

import java.awt.image.RenderedImage;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an experiment reports through. Everything lands on disk under
 * {@code <exptPath>/monitoring/} in the seed's layout, so it survives the notebook, the
 * laptop and the dashboard going away.
 *
 * <p>Thread-safe: experiments log from worker threads. Monitoring never takes the experiment
 * down: disk trouble (full, deleted, no permission) is reported on stderr at once, held in a
 * bounded backlog and retried; these methods throw only for wrong arguments.
 *
 * <p>labwatch implements this interface and experiments call it ({@code @ProviderType}): methods are
 * added to it in minor versions, as the metric methods were in 1.2.
 */
@ProviderType
public interface Monitor extends AutoCloseable {

    String experimentName();

    /** Logs at INFO; the seed's {@code monitor.log(msg)}. The line has reached the OS when this returns. */
    void log(String message);

    void log(Level level, String message);

    void warn(String message);

    /** Logs at ERROR and appends the message to the status {@code errors}. */
    void error(String message);

    /** As {@link #error(String)}, with the stack trace in the log and in the error entry. */
    void error(String message, Throwable cause);

    /** The seed's {@code update_progress(step_name, step_number, total_steps)}. */
    void updateProgress(String stepName, int stepNumber, int totalSteps);

    void updateProgress(String stepName, int stepNumber, int totalSteps, String message);

    /**
     * Stores PNG, JPEG or SVG bytes as {@code monitoring/plots/<name>}; the type is checked from the
     * content and the extension added when the name has none.
     *
     * @return where the plot is (or will be, if the disk is failing and the write is being retried)
     * @throws IllegalArgumentException for a bad name, bytes that are not such an image, or one too large
     */
    Path savePlot(byte[] image, String name);

    /** Encodes the image as PNG and stores it like {@link #savePlot(byte[], String)}. */
    Path savePlot(RenderedImage image, String name);

    /** Copies an image file (PNG, JPEG or SVG) into the plots directory. */
    Path savePlot(Path imageFile, String name);

    /**
     * Wraps items in a progress bar, the seed's {@code monitor.tqdm(items, desc=...)}; the total is
     * {@code Collection.size()} when known. The bar is done when iteration reaches the end.
     */
    <T> Iterable<T> progress(Iterable<T> items, String description);

    /** A stream that advances a bar of {@code total} items ({@code <= 0}: unknown) as elements pass. */
    <T> java.util.stream.Stream<T> progress(java.util.stream.Stream<T> items, String description, long total);

    /** {@code for (int i : monitor.range(100, "Running experiments"))}: 0 to n-1 with a bar. */
    Iterable<Integer> range(int n, String description);

    /** A bar stepped by hand, for work that is not a loop over items; {@code total <= 0}: unknown. */
    ProgressBar progressBar(String description, long total);

    /** Steps named in order; see {@link Workflow}. */
    Workflow workflow(java.util.List<String> stepNames);

    /**
     * Records the next value of a metric: its step is the metric's last step in this run plus one
     * (0 for its first value). The value goes into a preallocated buffer and the call returns (no
     * allocation once the metric is known); a background thread appends buffered values to
     * {@code monitoring/metrics/<name>_<YYYYmmdd_HHMMSS>.csv} at least every 200 ms and at
     * {@link #close}. {@code NaN} and the infinities are kept.
     *
     * @param name 1 to 128 characters of {@code A-Z a-z 0-9 _ . / -}, see {@link Names#checkMetricName}
     * @throws IllegalArgumentException for a name that breaks that rule
     * @since 1.2
     */
    void metric(String name, double value);

    /**
     * Records a value of a metric at an explicit step. Steps may go backwards or repeat: every
     * value is kept in the order it was recorded. A later {@link #metric(String, double)} continues
     * from this step plus one.
     *
     * @throws IllegalArgumentException for a bad name, see {@link Names#checkMetricName}
     * @since 1.2
     */
    void metric(String name, long step, double value);

    /**
     * Records one value of each metric, each at its own next step, with one timestamp. All names
     * are checked before anything is recorded.
     *
     * @throws IllegalArgumentException for a null map, a bad name or a null value (naming the metric)
     * @since 1.2
     */
    void metrics(Map<String, ? extends Number> values);

    /**
     * Records one value of each metric at the same explicit step, with one timestamp. All names are
     * checked before anything is recorded.
     *
     * @throws IllegalArgumentException for a null map, a bad name or a null value (naming the metric)
     * @since 1.2
     */
    void metrics(long step, Map<String, ? extends Number> values);

    /** Marks the run completed; the seed's {@code complete(msg)}. */
    void complete(String message);

    /** Marks the run failed; {@code cause} may be null. */
    void fail(String message, Throwable cause);

    /** Ends the run; without {@link #complete} or {@link #fail} before, it is marked interrupted. */
    @Override
    void close();
}

package org.labwatch.api;

import java.awt.image.RenderedImage;
import java.nio.file.Path;

/**
 * What an experiment reports through. Everything lands on disk under
 * {@code <exptPath>/monitoring/} in the seed's layout, so it survives the notebook, the
 * laptop and the dashboard going away.
 *
 * <p>Thread-safe: experiments log from worker threads. Monitoring never takes the experiment
 * down: disk trouble (full, deleted, no permission) is reported on stderr at once, held in a
 * bounded backlog and retried; these methods throw only for wrong arguments.
 */
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

    /** Marks the run completed; the seed's {@code complete(msg)}. */
    void complete(String message);

    /** Marks the run failed; {@code cause} may be null. */
    void fail(String message, Throwable cause);

    /** Ends the run; without {@link #complete} or {@link #fail} before, it is marked interrupted. */
    @Override
    void close();
}

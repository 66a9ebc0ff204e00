package org.labwatch.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reading side's one answer to "which runs exist, in what state, what changed": every status
 * the bound {@link StatusStore} holds in the configured status directories (the data directory and
 * any extra ones, e.g. a Python notebook's), readable or not, with where their logs and plots are.
 * The dashboard, the REST API, the shell commands and the web-console page all read through it,
 * so they agree on every run's state.
 */
public interface ExperimentIndex {

    /**
     * Every experiment, sorted by id; unreadable files included with their reason. Readings may be
     * {@link StatusReading#listView() list views}; {@link #experiment} gives the whole status.
     */
    List<StatusReading> experiments();

    /** The experiment with this id (status file name without {@code _status.json}), its whole status read now. */
    Optional<StatusReading> experiment(String id);

    /** The log file of the experiment's latest run, if one can be found. */
    Optional<Path> logFile(String id);

    /** The directories holding plots for this experiment, most specific first. */
    List<Path> plotDirectories(String id);

    /** The status directories indexed, for "No status files found" hints. */
    List<Path> statusDirectories();

    /**
     * The directories where the indexed runs' logs are: each status directory's sibling {@code logs}
     * and the configured extra ones.
     *
     * @since 2.0
     */
    List<Path> logDirectories();

    /**
     * Tells the listener about every experiment known now, as {@code ADDED}, then about what changes,
     * as {@code CHANGED} and {@code REMOVED}, until the subscription is closed. Events come on the
     * index's own thread, in order; a listener that throws is reported and keeps its subscription.
     *
     * @since 2.0
     */
    Subscription watch(StatusListener listener);

    /**
     * When a running experiment counts as stale: the one rule, from the index's configuration.
     *
     * @since 2.0
     */
    Staleness staleness();

    /**
     * One line of the experiment list for this reading at {@code now}.
     *
     * @since 2.0
     */
    ExperimentSummary summary(StatusReading reading, Instant now);

    /**
     * The experiments filtered, sorted and paged as the query says, with counts per state.
     *
     * @since 2.0
     */
    ExperimentPage list(ExperimentQuery query, Instant now);

    /**
     * Whether the index has read every run yet: a server with 100,000 runs answers while it indexes,
     * and the list fills in.
     *
     * @since 2.0
     */
    IndexProgress progress();

    /**
     * Where runs shipped from other machines are kept, {@code <source>/<root>/monitoring/...} (see
     * {@code docs/remote.md}); the index shows each as {@code <name>@<source>.<root>}. Empty when this
     * index shows no remote runs.
     *
     * @since 3.0
     */
    default Optional<Path> remoteRunsDirectory() {
        return Optional.empty();
    }

    /**
     * The directories where the indexed runs' metrics files are ({@code docs/metrics.md}): each status
     * directory's sibling {@code metrics}, and each shipped root's. A run's own is its status file's
     * directory's sibling {@code metrics}. Empty when this index knows of none.
     *
     * @since 3.1
     */
    default List<Path> metricsDirectories() {
        return List.of();
    }
}

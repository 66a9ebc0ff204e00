package org.labwatch.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The experiments a server shows: every status file in its configured directories (the data
 * directory and any extra ones, e.g. a Python notebook's), readable or not, with where their logs
 * and plots are. Shell commands and the dashboard read through it.
 */
public interface ExperimentIndex {

    /**
     * Every experiment, sorted by id; unreadable files included with their reason. Readings may be
     * {@link StatusReading#listView() list views} (since 1.3); {@link #experiment} gives the whole status.
     */
    List<StatusReading> experiments();

    /** The experiment with this id (status file name without {@code _status.json}), its whole status read now. */
    Optional<StatusReading> experiment(String id);

    /** The log file of the experiment's latest run, if one can be found. */
    Optional<Path> logFile(String id);

    /** The directories holding plots for this experiment, most specific first. */
    List<Path> plotDirectories(String id);

    /** The status directories watched, for "No status files found" hints. */
    List<Path> statusDirectories();
}

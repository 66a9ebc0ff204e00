package org.labwatch.web.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StatusReading;

/**
 * Turns a grown log file into {@code log} events: the complete records after where the last
 * event ended, for the experiment whose log it is, in chunks of {@link #CHUNK_BYTES}. A file
 * seen for the first time is followed from its current end: the page asks {@code ?tail=} for
 * history. Records of a file no experiment owns yet are kept for when its status file appears.
 * Called from the log source's watch thread.
 */
public final class LogFollower implements LogFileListener {

    /** Bytes of records per event: a busy log becomes several events, none of them huge. */
    static final int CHUNK_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(LogFollower.class.getName());
    private static final Pattern RUN_LOG = Pattern.compile("(.+)_\\d{8}_\\d{6}\\.log");

    private final ExperimentIndex index;
    private final Supplier<LogSource> source;
    private final EventHub hub;
    private final Map<Path, Long> next = new ConcurrentHashMap<>();
    /** Log file to the experiments it belongs to; emptied whenever experiments come or go. */
    private final Map<Path, List<String>> owners = new ConcurrentHashMap<>();

    public LogFollower(ExperimentIndex index, Supplier<LogSource> source, EventHub hub) {
        this.index = index;
        this.source = source;
        this.hub = hub;
    }

    /** A file already there is followed from its end, as long as the log source says it is: no history is re-sent. */
    @Override
    public void existing(Path file) {
        LogSource s = source.get();
        if (s == null) {
            return;
        }
        try {
            next.putIfAbsent(file, s.length(file));
        } catch (IOException e) {
            // gone already: followed from 0 if it comes back
        }
    }

    /** An experiment appeared or went away: which log belongs to whom may have changed. */
    public void experimentsChanged() {
        owners.clear();
    }

    @Override
    public void changed(Path file) {
        LogSource s = source.get();
        if (s == null) {
            return;
        }
        List<String> ids = owners.computeIfAbsent(file, this::ownersOf);
        if (ids.isEmpty()) {
            return;
        }
        try {
            long from = next.getOrDefault(file, 0L);
            while (true) {
                LogChunk chunk = s.readAfter(file, from, CHUNK_BYTES);
                if (chunk.entries().isEmpty() && !chunk.restarted()) {
                    break;
                }
                for (String id : ids) {
                    hub.logAppended(id, file.getFileName().toString(), chunk.restarted() ? 0 : from, chunk);
                }
                from = chunk.nextOffset();
                next.put(file, from);
                if (chunk.entries().isEmpty()) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            next.remove(file);
            owners.remove(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read new records of " + file + ": " + e);
        }
    }

    /**
     * The experiments whose log this is, found without reading every status file's directory:
     * a candidate names the file in {@code log_file} or is the {@code <name>} of
     * {@code <name>_YYYYmmdd_HHMMSS.log}, and the index must agree that this is its log.
     */
    private List<String> ownersOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = RUN_LOG.matcher(name);
        String prefix = m.matches() ? m.group(1) : null;
        List<String> out = new ArrayList<>();
        for (StatusReading r : index.experiments()) {
            boolean candidate = r.readable()
                    ? name.equals(r.status().logFile())
                            || (prefix != null && prefix.equals(r.status().experimentName()))
                    : r.id().equals(prefix);
            if (candidate && !out.contains(r.id()) && isLogOf(r.id(), file)) {
                out.add(r.id());
            }
        }
        return List.copyOf(out);
    }

    private boolean isLogOf(String id, Path file) {
        Optional<Path> log = index.logFile(id);
        if (log.isEmpty()) {
            return false;
        }
        if (log.get().equals(file)) {
            return true;
        }
        // Two spellings of one file (a linked directory) on disk; the paths of a store that keeps no
        // files are the same only when equal, and the file system finds no such file for them.
        try {
            return Files.isSameFile(log.get(), file);
        } catch (IOException e) {
            return false;
        }
    }
}

package org.labwatch.logsink.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Writes each run's records to {@code <exptPath>/monitoring/logs/<name>_<YYYYmmdd_HHMMSS>.log}
 * in the seed's format ({@code YYYY-MM-DD HH:MM:SS,mmm - LEVEL - message}), continuation lines
 * indented by four spaces. A record has reached the operating system when {@code append}
 * returns; the file is opened in append mode, so a restart continues it. Copies of logs written
 * on other machines are appended by offset ({@link #appendMirrored}, {@link MirroredLog}).
 */
@Component(
        name = FileLogSink.PID,
        service = LogSink.class,
        configurationPid = FileLogSink.PID,
        property = LogSink.TYPE + "=file")
@Designate(ocd = FileLogSink.Config.class)
public class FileLogSink implements LogSink {

    static final String PID = "org.labwatch.logsink.file";

    /** When to force written records from the OS cache to the disk. */
    public enum FsyncPolicy {
        /** The OS writes back on its own: survives a killed JVM, not a power cut. */
        NEVER,
        /** After every ERROR record, so the reason an experiment failed survives a power cut. */
        ON_ERROR,
        /** After every record: survives a power cut, costs a disk flush per line. */
        ALWAYS
    }

    @ObjectClassDefinition(
            id = PID,
            name = "labwatch file log sink",
            description = "Writes experiment logs to <exptPath>/monitoring/logs in the seed's format.")
    public @interface Config {

        @AttributeDefinition(
                name = "fsync",
                description = "Force records to disk: NEVER (OS cache; survives a killed JVM), "
                        + "ON_ERROR (after ERROR records) or ALWAYS (after every record).")
        FsyncPolicy fsync() default FsyncPolicy.NEVER;
    }

    /**
     * Changed in place ({@link #modified}) and read by every run's log at each record: on a first
     * boot the feature's cfg reaches the sink after it started, and a re-activation would send the
     * records of that moment through the monitors' backlogs for nothing.
     */
    private volatile FsyncPolicy fsync;

    private final Map<RunInfo, RunLog> runs = new ConcurrentHashMap<>();
    private final Function<RunInfo, RunLog> newRunLog;
    private final MirroredLog mirrored = new MirroredLog(this::fsync);

    /** For {@link java.util.ServiceLoader}: the default configuration. */
    public FileLogSink() {
        this(Configs.defaults(Config.class));
    }

    @Activate
    public FileLogSink(Config config) {
        modified(config);
        // Kept in a field: a capturing lambda written inline in append would be allocated per record.
        this.newRunLog = r -> new RunLog(r.logFile(), this::fsync);
    }

    @Modified
    void modified(Config config) {
        FsyncPolicy policy = config.fsync();
        fsync = policy == null ? FsyncPolicy.NEVER : policy;
    }

    FsyncPolicy fsync() {
        return fsync;
    }

    @Override
    public void append(RunInfo run, LogRecord record) throws IOException {
        RunLog log = runs.get(run);
        while (log == null || !log.append(record)) {
            // First record of the run, or runEnded closed this writer between lookup and append.
            log = runs.computeIfAbsent(run, newRunLog);
        }
    }

    /** Honours {@code fsync} as {@link #append} does; ON_ERROR when the bytes hold an ERROR record. */
    @Override
    public long appendMirrored(Path file, long offset, byte[] bytes) throws IOException {
        return mirrored.append(file, offset, bytes);
    }

    @Override
    public long mirroredLength(Path file) throws IOException {
        return MirroredLog.length(file);
    }

    MirroredLog mirrored() {
        return mirrored;
    }

    /** The open log of a run, or null. */
    RunLog logOf(RunInfo run) {
        return runs.get(run);
    }

    @Override
    public void runEnded(RunInfo run) {
        RunLog log = runs.remove(run);
        if (log != null) {
            log.close();
        }
    }

    @Override
    public String describe() {
        return "file (fsync=" + fsync + ")";
    }

    @Deactivate
    void deactivate() {
        runs.keySet().forEach(this::runEnded);
    }
}

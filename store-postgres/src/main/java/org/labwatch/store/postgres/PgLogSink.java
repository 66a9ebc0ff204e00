package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.labwatch.api.Names;
import org.labwatch.internal.logs.RecordBytes;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;

/**
 * Logs in the database, byte for byte what the file sink writes ({@link RecordBytes}), each run's
 * records appended to its log's key ({@code RunInfo.logFile()}); a record is committed when
 * {@link #append} returns. While the database is away, appends fail at once (the monitor holds the
 * records and hands them over again). Copies of logs and metrics files shipped from other machines
 * are appended by offset ({@link #appendMirrored}).
 */
final class PgLogSink implements LogSink {

    /** One run's log as this sink writes it; records of a run come from one thread at a time. */
    private static final class RunLog {
        final RecordBytes encoder = new RecordBytes();
        /** The log's length after this run's last append; -1 until read from the database. */
        long length = -1;
    }

    private final StoredFiles files;
    private final OwnAppends appends;
    private final Map<RunInfo, RunLog> runs = new ConcurrentHashMap<>();

    PgLogSink(StoredFiles files) {
        this.files = files;
        this.appends = new OwnAppends(files);
    }

    @Override
    public void append(RunInfo run, LogRecord record) throws IOException {
        RunLog log = runs.computeIfAbsent(run, r -> new RunLog());
        synchronized (log) {
            Path file = run.logFile();
            if (log.length < 0) {
                log.length = appends.length(file);
            }
            ByteBuffer bytes = log.encoder.encode(record);
            // the encoder's buffer (from offset 0) holds exactly the record's bytes up to its limit
            log.length = appends.append(file, FileKind.LOG, log.length, bytes.array(), bytes.limit());
        }
    }

    @Override
    public void runEnded(RunInfo run) {
        runs.remove(run);
    }

    @Override
    public long appendMirrored(Path file, long offset, byte[] bytes) throws IOException {
        return files.append(file, kindOf(file), offset, bytes);
    }

    @Override
    public long mirroredLength(Path file) throws IOException {
        return files.file(file).map(FileRow::length).orElse(0L);
    }

    @Override
    public Map<String, Long> mirroredLengths(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (FileKind kind : new FileKind[] {FileKind.LOG, FileKind.METRICS}) {
            for (FileRow row : files.list(dir, kind)) {
                if (Names.lookupProblem(row.name()) == null) {
                    out.put(row.name(), row.length());
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "postgres (" + files.database().name() + ")";
    }

    /** Shipped metrics files ({@code <stem>.csv}) come through the same door as logs. */
    static FileKind kindOf(Path file) {
        return file.getFileName().toString().endsWith(".csv") ? FileKind.METRICS : FileKind.LOG;
    }
}

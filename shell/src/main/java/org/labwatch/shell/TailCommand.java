package org.labwatch.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogSource;

@Command(
        scope = "labwatch",
        name = "tail",
        description = "Prints the end of an experiment's log; -f follows it until Ctrl-C")
@Service
public class TailCommand implements Action {

    @Reference(optional = true)
    ExperimentIndex index;

    @Reference(optional = true)
    LogSource logs;

    @Argument(index = 0, name = "experiment", description = "Experiment id", required = true)
    @Completion(ExperimentCompleter.class)
    String id;

    @Option(name = "-n", description = "How many records to print first")
    int lines = 20;

    @Option(name = "-f", description = "Follow: keep printing new records until Ctrl-C")
    boolean follow;

    PrintStream out = System.out;

    /** How long -f waits between looks at the file; a tail is for humans, half a second is prompt. */
    long pollMillis = 500;

    @Override
    public Object execute() throws IOException, InterruptedException {
        ExperimentIndex index = Needed.index(this.index, "tail");
        LogSource logs =
                Needed.service(this.logs, "tail", "a log reader (org.labwatch.logsink.file)", "labwatch-log-file");
        index.experiment(id).orElseThrow(() -> ExperimentText.unknown(id, index));
        Path log = index.logFile(id)
                .orElseThrow(() -> new IllegalArgumentException("experiment '" + id + "' has no log file yet"));
        // Where following starts is taken before the tail is read: a record written in between is
        // then printed by the follow loop, not skipped (records are whole appends, so the size is at
        // a record's start). The log source says how long the log is: it need not be a file here.
        long offset = follow ? logs.length(log) : Long.MAX_VALUE;
        for (LogEntry e : logs.tail(log, lines)) {
            if (e.offset() < offset) {
                print(e);
            }
        }
        if (!follow) {
            return null;
        }
        while (!Thread.currentThread().isInterrupted()) {
            LogChunk chunk = logs.readAfter(log, offset, 1 << 20);
            if (chunk.restarted()) {
                out.println("--- log file was replaced or truncated; reading from its start ---");
            }
            chunk.entries().forEach(this::print);
            out.flush();
            if (chunk.nextOffset() == offset) {
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            }
            offset = chunk.nextOffset();
        }
        return null;
    }

    private void print(LogEntry e) {
        RecordLines.print(out, e);
    }
}

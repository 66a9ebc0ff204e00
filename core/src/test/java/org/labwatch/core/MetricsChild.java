package org.labwatch.core;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * Run in a child JVM by {@link MetricsKillTest}: records metric values as fast as it can, value
 * {@code i} being {@code i}, and after each {@code metric} call returned prints {@code i,<time>}
 * with the time in epoch milliseconds read after the call, so never earlier than the value's own
 * time. Output is flushed whenever the millisecond changes: an acknowledgement reaches the parent
 * at most about a millisecond after it was printed.
 */
public final class MetricsChild {

    public static void main(String[] args) {
        Path expt = Path.of(args[0]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        Monitor monitor = Monitors.create(expt, "metrics_crash");
        String[] names = {"T1_us", "fit/chi2", "f_res_GHz"};
        long flushed = 0;
        for (long i = 0; ; i++) {
            monitor.metric(names[(int) (i % 3)], i);
            long now = System.currentTimeMillis();
            out.print(i);
            out.print(',');
            out.println(now);
            if (now != flushed) {
                out.flush();
                flushed = now;
            }
        }
    }
}

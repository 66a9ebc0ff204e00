package org.labwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.RunMetrics;
import org.labwatch.testsupport.PythonClient;

/**
 * Cross-language: metrics written by the Python client (clients/python, run with {@code python3}
 * from the PATH) read back exactly, bit for bit, by the file reader: Python's {@code repr} numbers,
 * NaN and the infinities, steps that go back and repeat. No python3 is a failure, not a skip, as
 * in the status store's Python test: CI installs it.
 */
class PythonClientMetricsTest {

    /** Records values and prints each as float.hex, in recording order, for the comparison. */
    private static final String RUN = """
            import random, sys
            from persistent_monitoring import create_monitor

            r = random.Random(5)
            m = create_monitor(sys.argv[1], "py_run", echo=False)
            recorded = []
            for i in range(2000):
                v = r.choice([r.gauss(0, 1) * 10 ** r.randint(-30, 30), r.random(), float(r.randint(-5, 5)),
                              1e-05, 1.2e16, 0.1, float("nan"), float("inf"), float("-inf"), -0.0])
                m.metric("fit/chi2", v, step=r.randint(0, 500))
                recorded.append(v)
            m.metrics({"T1_us": 45.2, "Q": 12000.0})
            m.metric("T1_us", 46.5)
            m.complete("done")
            m.close()
            print(" ".join(v.hex() for v in recorded))
            """;

    @TempDir
    Path expt;

    @Test
    void everyValueThePythonClientRecordedReadsBackExactly() throws Exception {
        String[] hex = runPython().split(" ");
        try (Runs runs = new Runs(expt)) {
            RunMetrics m = runs.source().metrics("py_run").orElseThrow();
            assertEquals(0, m.skippedLines(), "every line the Python client writes is read");
            assertTrue(m.file().matches("py_run_\\d{8}_\\d{6}\\.csv"), m.file());
            assertEquals(
                    List.of("Q", "T1_us", "fit/chi2"),
                    m.metrics().stream().map(RunMetrics.Metric::name).toList());
            RunMetrics.Metric t1 = m.metrics().get(1);
            assertEquals(2, t1.count());
            assertEquals(1, t1.lastStep(), "no step: the metric's next");
            assertEquals(46.5, t1.last());

            // In recording order: the time axis (one process, one clock) keeps the file's order for
            // equal times, and the values of a run are recorded in order of time.
            List<Long> inFile = new ArrayList<>();
            runs.source().forEach("py_run", MetricRange.all("fit/chi2", MetricRange.Axis.TIME), (step, time, value) -> {
                inFile.add(Double.doubleToRawLongBits(value));
            });
            assertEquals(hex.length, inFile.size());
            for (int i = 0; i < hex.length; i++) {
                assertEquals(Double.doubleToRawLongBits(fromHex(hex[i])), inFile.get(i), "value " + i + ": " + hex[i]);
            }
        }
    }

    private static double fromHex(String pythonHex) {
        return switch (pythonHex) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(pythonHex);
        };
    }

    private String runPython() throws IOException, InterruptedException {
        Path script = Files.writeString(expt.resolve("run.py"), RUN);
        return PythonClient.lastLine(
                PythonClient.run("to write the metrics the reader must read", script, expt.toString()));
    }
}

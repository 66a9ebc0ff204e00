package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.StatusReading;
import org.labwatch.testsupport.PythonClient;

/**
 * Cross-language: a run written by the Python client (clients/python, run with {@code python3}
 * from the PATH) with the calls of the Java fixture's {@code GenerateFixture.java} is read by the
 * real {@link JsonStatusStore} with every field, and reads like the run the Java client wrote
 * with the same calls (the fixture checked in under clients/python/tests/fixtures/java_client).
 * No python3 is a failure, not a skip: CI installs it.
 */
class PythonClientStatusTest {

    private static final Path CLIENT = PythonClient.CLIENT;
    private static final Path JAVA_FIXTURE = CLIENT.resolve("tests/fixtures/java_client/java_run_status.json");

    /** GenerateFixture.java's calls, plus a plot, through the Python client. */
    private static final String RUN = """
            import io, struct, sys, zlib
            from persistent_monitoring import create_monitor

            def chunk(kind, data):
                return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

            png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
                   + chunk(b"IDAT", zlib.compress(b"\\x00\\x00")) + chunk(b"IEND", b""))
            m = create_monitor(sys.argv[1], "java_run", echo=False)
            m.log("Starting experiment...")
            m.warning("two\\nlines")
            try:
                raise RuntimeError("no signal")
            except RuntimeError as e:
                m.error("Fit did not converge", exc_info=e)
            m.update_progress("Sweep", 1, 2, "half")
            for i in m.tqdm(range(3), desc="Running experiments", file=io.StringIO()):
                m.log("i=%d" % i)
            m.save_plot(png, "spectrum")
            m.complete("done")
            m.close()
            print(len(png))
            """;

    @TempDir
    Path expt;

    @Test
    void theStoreReadsAPythonWrittenRunWithEveryFieldAsTheJavaClientsRun() throws Exception {
        long pngBytes = Long.parseLong(runPython());
        JsonStatusStore store = new JsonStatusStore();
        StatusReading reading = store.read(expt.resolve("monitoring/status/java_run_status.json"));
        assertTrue(reading.readable(), "unreadable: " + reading.problem());
        assertEquals("java_run", reading.id());
        ExperimentStatus s = reading.status();

        assertEquals(ExperimentStatus.FORMAT_VERSION, s.formatVersion());
        assertEquals("java_run", s.experimentName());
        assertEquals(RunState.COMPLETED, s.status());
        assertEquals("done", s.message());
        assertEquals(2, s.currentStep());
        assertEquals(2, s.totalSteps());
        assertEquals(100.0, s.progressPercent());
        assertNotNull(s.startTime());
        assertNotNull(s.lastUpdate());
        assertNotNull(s.heartbeat());
        assertNotNull(s.completedTime());
        assertTrue(!s.lastUpdate().isBefore(s.startTime()), s.lastUpdate() + " before " + s.startTime());
        assertNotNull(s.host());
        assertNotNull(s.pid());
        assertTrue(s.logFile().matches("java_run_\\d{8}_\\d{6}\\.log"), s.logFile());
        assertTrue(Files.isRegularFile(expt.resolve("monitoring/logs").resolve(s.logFile())), s.logFile());

        StepRecord step = s.steps().get(0);
        assertEquals(1, s.steps().size());
        assertEquals("Sweep", step.name());
        assertEquals(1, step.stepNumber());
        assertEquals("half", step.message());
        assertNotNull(step.timestamp());
        assertNull(step.durationSeconds());

        List<String> messages = s.messages().stream()
                .skip(1) // "Monitoring started ..." names this machine's paths
                .map(m -> m.level() + " " + m.message())
                .toList();
        assertEquals(
                List.of(
                        "INFO Starting experiment...",
                        "WARNING two\nlines",
                        "ERROR Fit did not converge",
                        "INFO Step 1/2: Sweep - half",
                        "INFO i=0",
                        "INFO i=1",
                        "INFO i=2",
                        "INFO Saved plot spectrum.png (" + pngBytes + " bytes)",
                        "INFO done"),
                messages);
        assertTrue(s.messages().get(0).message().startsWith("Monitoring started for experiment 'java_run'"));
        assertTrue(s.messages().stream().allMatch(m -> m.timestamp() != null));
        assertEquals(s.messages().size(), s.messageCount());

        assertEquals(1, s.errors().size());
        assertEquals(1, s.errorCount());
        ErrorRecord error = s.errors().get(0);
        assertEquals("Fit did not converge", error.message());
        assertTrue(error.traceback().contains("RuntimeError: no signal"), error.traceback());
        assertTrue(error.traceback().startsWith("Traceback (most recent call last):"), error.traceback());

        assertEquals(1, s.plots().size());
        PlotRecord plot = s.plots().get(0);
        assertEquals("spectrum", plot.name());
        assertEquals("spectrum.png", plot.file());
        assertEquals("image/png", plot.mediaType());
        assertEquals(pngBytes, plot.bytes());
        assertEquals(pngBytes, Files.size(expt.resolve("monitoring/plots/spectrum.png")));

        assertEquals(1, s.progressBars().size());
        ProgressBarRecord bar = s.progressBars().get(0);
        assertEquals("bar-1", bar.id());
        assertEquals("Running experiments", bar.description());
        assertEquals(3, bar.n());
        assertEquals(3, bar.total());
        assertEquals(100.0, bar.percent());
        assertEquals(ProgressBarRecord.State.DONE, bar.state());
        assertNotNull(bar.started());
        assertNotNull(bar.updated());

        // The run the Java client wrote with the same calls reads the same, apart from the plot,
        // times, host, pid and the traceback's language.
        StatusReading javaReading = store.read(copyOfJavaFixture());
        assertTrue(javaReading.readable(), javaReading.problem());
        ExperimentStatus j = javaReading.status();
        assertEquals(
                List.of(
                        j.formatVersion(),
                        j.experimentName(),
                        j.status(),
                        j.message(),
                        j.currentStep(),
                        j.totalSteps(),
                        j.progressPercent(),
                        j.errorCount(),
                        j.messageCount() + 1),
                List.of(
                        s.formatVersion(),
                        s.experimentName(),
                        s.status(),
                        s.message(),
                        s.currentStep(),
                        s.totalSteps(),
                        s.progressPercent(),
                        s.errorCount(),
                        s.messageCount()));
        assertEquals(withoutTimes(j.steps()), withoutTimes(s.steps()));
        assertEquals(
                j.messages().stream().skip(1).map(PythonClientStatusTest::text).toList(),
                s.messages().stream()
                        .skip(1)
                        .filter(m -> !m.message().startsWith("Saved plot"))
                        .map(PythonClientStatusTest::text)
                        .toList());
        assertEquals(
                j.errors().stream().map(ErrorRecord::message).toList(),
                s.errors().stream().map(ErrorRecord::message).toList());
        assertEquals(barShape(j.progressBars().get(0)), barShape(bar));
    }

    private static String text(MessageRecord m) {
        return m.level() + " " + m.message();
    }

    private static List<String> withoutTimes(List<StepRecord> steps) {
        return steps.stream()
                .map(t -> t.name() + " " + t.stepNumber() + " " + t.message() + " " + t.durationSeconds())
                .toList();
    }

    private static Map<String, Object> barShape(ProgressBarRecord b) {
        return Map.of(
                "id", b.id(),
                "description", b.description(),
                "n", b.n(),
                "total", b.total(),
                "percent", b.percent(),
                "state", b.state(),
                "message", String.valueOf(b.message()));
    }

    /** The fixture under a directory of its own, where the store reads it as it reads any run. */
    private Path copyOfJavaFixture() throws IOException {
        Path dir = Files.createDirectories(expt.resolve("java/monitoring/status"));
        return Files.copy(JAVA_FIXTURE, dir.resolve("java_run_status.json"));
    }

    /** Runs {@link #RUN}; returns its last output line (the plot's size). */
    private String runPython() throws IOException, InterruptedException {
        Path script = Files.writeString(expt.resolve("run.py"), RUN);
        return PythonClient.lastLine(
                PythonClient.run("to write the status the Java store must read", script, expt.toString()));
    }
}

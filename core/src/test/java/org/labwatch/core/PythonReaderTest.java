package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.testsupport.PythonClient;

/**
 * The status file must stay readable by the seed's Python tools: Python's own json module reads
 * it and finds the seed's fields with the seed's types. Skipped only where no python3 exists.
 */
class PythonReaderTest {

    private static final String READER = """
            import json, sys, datetime
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            assert d["experiment_name"] == "py check", d["experiment_name"]
            assert d["status"] in ("running", "completed", "failed", "interrupted")
            assert isinstance(d["current_step"], int) and isinstance(d["total_steps"], int)
            assert isinstance(d["progress_percent"], float)
            for s in d["steps"]:
                assert set(["name", "step_number", "timestamp", "message"]) <= set(s), s
                datetime.datetime.fromisoformat(s["timestamp"])
            for m in d["messages"]:
                assert m["level"] in ("debug", "info", "warning", "error"), m
                datetime.datetime.fromisoformat(m["timestamp"])
            datetime.datetime.fromisoformat(d["start_time"])
            datetime.datetime.fromisoformat(d["last_update"])
            print(d["status"], d["current_step"], d["total_steps"], d["progress_percent"], len(d["errors"]))
            """;

    @TempDir
    Path expt;

    @Test
    void pythonsJsonModuleReadsTheStatusWithTheSeedsFieldsAndTypes() throws Exception {
        assumeTrue(PythonClient.findPython3().isPresent(), "python3 not installed");
        try (TestEngines t = new TestEngines(java.util.Map.of("progressConsole", "off"))) {
            Monitor m = t.engine.create(expt, "py check");
            m.updateProgress("Resonator Spectroscopy", 1, 4, "Finding readout frequency...");
            m.warn("ünïcode ✓ and \"quotes\"");
            m.error("fit failed", new IllegalStateException("x"));
            m.complete("done");
            m.close();
        }
        Path script = Files.writeString(expt.resolve("reader.py"), READER);
        String out = PythonClient.run(
                "to read the status with its json module",
                script,
                expt.resolve("monitoring/status/py check_status.json").toString());
        assertEquals("completed 4 4 100.0 1", out.trim());
    }
}

package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labwatch.api.Monitor;

/** Wrong arguments throw at once with a message naming the problem; the run goes on. */
class BadInputTest {

    @TempDir
    Path expt;

    static Object[][] badNames() {
        return new Object[][] {
            {"", "empty"},
            {"x".repeat(129), "129 characters"},
            {"a/b", "path separator"},
            {"a\\b", "path separator"},
            {"..", "'..'"},
            {"run..1", "'..'"},
            {".hidden", "starts with '.'"},
            {"nul\0byte", "NUL"},
            {"bell\u0007", "control character U+0007"},
            {"tab\tname", "control character U+0009"},
            {"CON", "reserved device name"},
            {"lpt1.txt", "reserved device name"},
            {"trailing.", "ends with '.'"},
            {"star*", "not allowed"},
            {"colon:x", "not allowed"},
        };
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void badExperimentNamesAreRefused(String name, String reason) {
        try (TestEngines t = new TestEngines()) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> t.engine.create(expt, name));
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            assertTrue(e.getMessage().startsWith("Invalid experiment name"), e.getMessage());
        }
        assertTrue(!Files.exists(expt.resolve("monitoring")) || noStatusFiles(), "nothing written for " + name);
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void badPlotNamesAreRefusedAndTheRunGoesOn(String name, String reason) throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "plots");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.savePlot(MonitorFilesTest.image(), name));
            assertTrue(e.getMessage().contains(reason), e.getMessage());
            m.log("still running");
            m.complete("ok");
            m.close();
            assertEquals("completed", Files2.status(expt, "plots").get("status").asText());
        }
    }

    @Test
    void unicodeNamesWithSpacesAndParenthesesAreFine() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "Résonateur (q0) – scan_2");
            m.savePlot(MonitorFilesTest.image(), "Spektrum für q0 (v2)");
            m.close();
            assertTrue(Files.exists(expt.resolve("monitoring/plots/Spektrum für q0 (v2).png")));
            assertTrue(Files.exists(expt.resolve("monitoring/status/Résonateur (q0) – scan_2_status.json")));
        }
    }

    @Test
    void plotsThatAreNotImagesAreRefused() throws Exception {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "plots");
            byte[] pdf = "%PDF-1.7\n1 0 obj".getBytes(StandardCharsets.US_ASCII);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.savePlot(pdf, "figure"))
                    .getMessage()
                    .contains("not a PNG, JPEG or SVG"));
            assertThrows(IllegalArgumentException.class, () -> m.savePlot(new byte[0], "empty"));
            assertThrows(IllegalArgumentException.class, () -> m.savePlot((byte[]) null, "null"));
            assertThrows(IllegalArgumentException.class, () -> m.savePlot(expt.resolve("missing.png"), "x"));
            Path text = Files.writeString(expt.resolve("notes.png"), "not really a png");
            assertThrows(IllegalArgumentException.class, () -> m.savePlot(text, "notes"));
            m.close();
            try (var files = Files.list(expt.resolve("monitoring"))) {
                assertTrue(
                        files.noneMatch(p -> p.getFileName().toString().equals("plots"))
                                || isEmpty(expt.resolve("monitoring/plots")),
                        "no plot file written");
            }
        }
    }

    @Test
    void plotsLargerThanTheLimitAreRefused() {
        try (TestEngines t = new TestEngines()) {
            Monitor m = t.engine.create(expt, "plots");
            byte[] huge = new byte[50 * 1024 * 1024 + 1];
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            System.arraycopy(png, 0, huge, 0, png.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.savePlot(huge, "big"));
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
            m.close();
        }
    }

    @Test
    void nullLevelAndNegativeStepsAreWrongArguments() {
        try (TestEngines t = new TestEngines(Map.of())) {
            Monitor m = t.engine.create(expt, "args");
            assertThrows(IllegalArgumentException.class, () -> m.log(null, "x"));
            assertThrows(IllegalArgumentException.class, () -> m.updateProgress(null, 1, 2));
            assertThrows(IllegalArgumentException.class, () -> m.updateProgress("s", -1, 2));
            assertThrows(IllegalArgumentException.class, () -> t.engine.create(null, "x"));
            m.close();
        }
    }

    private boolean noStatusFiles() {
        return isEmpty(expt.resolve("monitoring/status"));
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return true;
        }
    }
}

package org.labwatch.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's answers that need no server: usage errors (exit 2) and --once timing out (exit 3). */
class ShipCommandTest {

    @TempDir
    Path tmp;

    Path expt;
    Path token;
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws Exception {
        expt = tmp.resolve("qubit1");
        Files.createDirectories(expt.resolve("monitoring/logs"));
        Files.writeString(expt.resolve("monitoring/logs/cal_20261204_120000.log"), "a line\n");
        token = tmp.resolve("token");
        Files.writeString(token, "Token for fridge-pc (shown once):\nabc123\n");
    }

    int run(String... args) {
        return new ShipCommand(
                        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                        new PrintStream(errBytes, true, StandardCharsets.UTF_8))
                .run(args);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsExit2SayingWhatIsWrong() {
        String t = token.toString();
        String e = expt.toString();
        assertUsage("no DIR", "--server", "http://localhost:1", "--token-file", t);
        assertUsage("--server URL is required", e, "--token-file", t);
        assertUsage("--token-file FILE is required", e, "--server", "http://localhost:1");
        assertUsage("unknown option --fast", e, "--server", "http://localhost:1", "--token-file", t, "--fast");
        assertUsage("--timeout goes with --once", e, "--server", "http://h", "--token-file", t, "--timeout", "5");
        assertUsage("positive whole number", e, "--server", "http://h", "--token-file", t, "--once", "--timeout", "x");
        assertUsage("--server needs a value", e, "--token-file", t, "--server");
        assertUsage("must be http", e, "--server", "ftp://h", "--token-file", t);
        assertUsage(
                "cannot be read",
                e,
                "--server",
                "http://h",
                "--token-file",
                tmp.resolve("none").toString());
        assertUsage("--root names one root", e, e, "--server", "http://h", "--token-file", t, "--root", "x");
    }

    @Test
    void aDirectoryWithoutMonitoringExits2() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertUsage(
                "holds no monitoring/ directory",
                plain.toString(),
                "--server",
                "http://h",
                "--token-file",
                token.toString());
        assertUsage(
                "is not a directory",
                tmp.resolve("absent").toString(),
                "--server",
                "http://h",
                "--token-file",
                token.toString());
    }

    @Test
    void aMonitoringDirectoryGivenItselfIsNamedByItsExperimentDirectory() throws Exception {
        ShipArguments a = ShipArguments.parse(
                expt.resolve("monitoring").toString(), "--server", "http://h", "--token-file", token.toString());
        assertEquals("qubit1", ShipCommand.targets(a).get(0).root());
        assertEquals(
                expt.resolve("monitoring").toAbsolutePath(),
                ShipCommand.targets(a).get(0).monitoringDir());
    }

    @Test
    void onceWithTheServerDownGivesUpAfterTheTimeoutWithExit3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        int code = run(
                expt.toString(),
                "--server",
                "http://127.0.0.1:" + port,
                "--token-file",
                token.toString(),
                "--once",
                "--timeout",
                "2");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(3, code, err());
        assertTrue(seconds >= 2 && seconds < 10, "took " + seconds + " s");
        assertTrue(err().contains("gave up after 2 s"), err());
        assertTrue(err().contains("logs/cal_20261204_120000.log"), "names what is missing: " + err());
        assertEquals(1, count(err(), "Retrying until it works"), "the outage said once: " + err());
    }

    private void assertUsage(String expected, String... args) {
        errBytes.reset();
        assertEquals(2, run(args), err());
        assertTrue(err().contains(expected), "expected '" + expected + "' in: " + err());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

package org.labwatch.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.ingest.RealIngest;

/** {@code labwatch ship} against the real ingest servlet: --once, following, and a stop by SIGTERM. */
class ShipCommandServerTest {

    static final String LOG = "logs/cal_20261204_120000.log";

    @TempDir
    Path tmp;

    RealIngest server;
    Path expt;
    Path tokenFile;
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.start(tmp.resolve("server"));
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, server.token("fridge-pc") + "\n");
        expt = tmp.resolve("qubit1");
        Files.createDirectories(expt.resolve("monitoring/logs"));
        append("2026-12-04 12:00:00,000 - INFO - started\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    ShipCommand command() {
        return new ShipCommand(
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    void append(String text) throws IOException {
        Files.writeString(
                expt.resolve("monitoring").resolve(LOG), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    byte[] local() throws IOException {
        return Files.readAllBytes(expt.resolve("monitoring").resolve(LOG));
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onceExits0WhenTheServerHoldsEverything() throws Exception {
        int code = command()
                .run(
                        expt.toString(),
                        "--server",
                        server.url(),
                        "--token-file",
                        tokenFile.toString(),
                        "--once",
                        "--timeout",
                        "20");
        assertEquals(0, code, err());
        assertArrayEquals(local(), server.copy("fridge-pc", "qubit1", LOG));
        assertTrue(out().contains("source 'fridge-pc'"), out());
        assertTrue(out().contains("the server holds everything"), out());

        // Again: nothing to send, done at once.
        append("one more line\n");
        assertEquals(
                0,
                command()
                        .run(
                                expt.resolve("monitoring").toString(),
                                "--server",
                                server.url(),
                                "--token-file",
                                tokenFile.toString(),
                                "--once",
                                "--root",
                                "qubit1"));
        assertArrayEquals(local(), server.copy("fridge-pc", "qubit1", LOG));
    }

    @Test
    void followingShipsNewLinesUntilStoppedThenReturns0() throws Exception {
        ShipCommand command = command();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> command.run(
                expt.toString(),
                "--server",
                server.url(),
                "--token-file",
                tokenFile.toString(),
                "--interval-ms",
                "50"));
        for (int i = 0; i < 20; i++) {
            append("line " + i + "\n");
            byte[] expected = local();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertArrayEquals(expected, server.copy("fridge-pc", "qubit1", LOG)));
        }
        append("just before the stop\n");
        assertTrue(command.stopFollowing());
        assertEquals(0, code.get(10, TimeUnit.SECONDS));
        assertArrayEquals(local(), server.copy("fridge-pc", "qubit1", LOG), "the last round sent the last line");
    }

    @Test
    void sigtermEndsTheProgramWithExit0AfterALastRound() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path classes = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        classes.toString(),
                        Main.class.getName(),
                        expt.toString(),
                        "--server",
                        server.url(),
                        "--token-file",
                        tokenFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("ship.out").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertArrayEquals(local(), server.copy("fridge-pc", "qubit1", LOG)));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("ship.out")));
        } finally {
            p.destroyForcibly();
        }
    }
}

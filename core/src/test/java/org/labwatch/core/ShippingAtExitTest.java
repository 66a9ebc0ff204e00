package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labwatch.ingest.RealIngest;

/**
 * A plain Java program (Monitors.create, the class path's sinks and stores) with
 * {@code -Dlabwatch.core.server} and {@code -Dlabwatch.core.tokenFile}: when main returns, the JVM's
 * exit waits (at most 5 s) until the server holds the run's last log lines, final status and plot.
 */
class ShippingAtExitTest {

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    RealIngest server;
    Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.start(tmp.resolve("server"));
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, server.token("fridge-pc") + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed", "open"})
    void theExitWaitsUntilTheServerHoldsTheRun(String how) throws Exception {
        Path expt = tmp.resolve("lab/qubit1");
        Files.createDirectories(expt);
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true",
                        "-Dlabwatch.core.echo=false",
                        "-Dlabwatch.core.server=" + server.url(),
                        "-Dlabwatch.core.tokenFile=" + tokenFile,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShippingChild.class.getName(),
                        expt.toString(),
                        how))
                .redirectErrorStream(true)
                .redirectOutput(new File(tmp.resolve("child.out").toString()))
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("child.out"), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);

        Path log = ShippingUnreachableTest.logOf(expt);
        assertArrayEquals(Files.readAllBytes(log), copy("logs/" + log.getFileName()), output);
        assertArrayEquals(
                Files.readAllBytes(expt.resolve("monitoring/status/night_status.json")),
                copy("status/night_status.json"));
        String status = new String(copy("status/night_status.json"), StandardCharsets.UTF_8);
        assertTrue(status.contains(how.equals("open") ? "interrupted" : "completed"), status);
        try (Stream<Path> plots = Files.list(expt.resolve("monitoring/plots"))) {
            Path plot = plots.findFirst().orElseThrow();
            assertArrayEquals(Files.readAllBytes(plot), copy("plots/" + plot.getFileName()));
        }
        assertTrue(!output.contains("stopped shipping"), output);
    }

    byte[] copy(String relative) throws Exception {
        return server.copy("fridge-pc", "qubit1", relative);
    }
}

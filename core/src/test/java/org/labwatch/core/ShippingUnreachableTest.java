package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.testsupport.FaultProxy;

/**
 * A configured server that is not there (nothing listens on its port): the experiment runs as
 * without one, its files are written, and stderr says once that shipping fails and keeps retrying.
 */
class ShippingUnreachableTest {

    @TempDir
    Path expt;

    @Test
    void noExceptionReachesTheExperimentAndStderrSaysSoOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestEngines t = new TestEngines(
                Map.of("server", "http://127.0.0.1:" + port), Map.of("LABWATCH_TOKEN", "tok-1"), fast())) {
            Monitor m = t.engine.create(expt, "unreachable");
            for (int i = 0; i < 200; i++) {
                m.log("line " + i);
            }
            m.updateProgress("step", 1, 2);
            BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            m.savePlot(image, "fit");
            await().atMost(Duration.ofSeconds(10)).until(() -> t.console().contains("Retrying until it works"));
            m.complete("done");
            m.close();
            t.close(); // JVM exit: at most a few seconds more, then what is missing is named
            String console = t.console();
            assertEquals(1, count(console, "Retrying until it works"), console);
            assertTrue(console.contains("127.0.0.1:" + port), "names the server: " + console);
            assertTrue(console.contains("root '" + expt.getFileName() + "'"), "names the root: " + console);
            assertTrue(console.contains("labwatch ship --once " + expt), "says how to send the rest: " + console);
            assertTrue(Files.readString(logOf(expt)).contains("line 199"));
        }
    }

    @Test
    void manyRefusedAttemptsAreOneOutage() throws Exception {
        try (ServerSocket nothing = new ServerSocket(0);
                FaultProxy proxy = FaultProxy.to("127.0.0.1", nothing.getLocalPort())) {
            proxy.mode(FaultProxy.Mode.DROP); // every connection is closed as it arrives
            try (TestEngines t = new TestEngines(
                    Map.of("server", "http://127.0.0.1:" + proxy.port()), Map.of("LABWATCH_TOKEN", "tok-1"), fast())) {
                Monitor m = t.engine.create(expt, "dropped");
                m.log("a line");
                await().atMost(Duration.ofSeconds(10)).until(() -> proxy.connections() >= 10);
                m.log("another line");
                assertEquals(1, count(t.console(), "Retrying until it works"), t.console());
                m.close();
            }
        }
    }

    static Shipper.Settings fast() {
        return Shipper.Settings.defaults()
                .withInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    static Path logOf(Path expt) throws Exception {
        try (var files = Files.list(expt.resolve("monitoring/logs"))) {
            return files.findFirst().orElseThrow();
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

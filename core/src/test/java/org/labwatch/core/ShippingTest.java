package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.ingest.RealIngest;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.testsupport.FaultProxy;

/**
 * A run of the Java client with a server configured ships its own files to the real ingest
 * servlet: the server's copies of its log, metrics, status and plot equal the local files byte for byte.
 */
class ShippingTest {

    @TempDir
    Path tmp;

    RealIngest server;
    String token;
    Path expt;

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.start(tmp.resolve("server"));
        token = server.token("fridge-pc");
        expt = tmp.resolve("lab/qubit1");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Shipper.Settings fast() {
        return Shipper.Settings.defaults()
                .withInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    byte[] copy(String relative) throws Exception {
        return server.copy("fridge-pc", "qubit1", relative);
    }

    void awaitEqual(Path local, String relative) {
        await(relative + " on the server equal to " + local)
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertArrayEquals(Files.readAllBytes(local), copy(relative)));
    }

    @Test
    void aRunShipsItsLogMetricsStatusAndPlots() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("server", server.url()), Map.of("LABWATCH_TOKEN", token), fast())) {
            Monitor m = t.engine.create(expt, "rabi");
            for (int i = 0; i < 500; i++) {
                m.log("point " + i);
                m.metric("T1_us", 40 + i % 7);
            }
            m.metrics(Map.of("fit/chi2", Double.NaN, "Q", 1.2e4));
            m.updateProgress("sweep", 1, 2, "half way");
            Path plot = m.savePlot(image(Color.ORANGE), "fit");
            m.error("a fit did not converge", new IllegalStateException("chi2 too large"));
            m.complete("done");
            m.close();
            Path log = ShippingUnreachableTest.logOf(expt);
            awaitEqual(log, "logs/" + log.getFileName());
            Path metrics = MetricsCsv.onlyFile(expt);
            assertEquals(503, Files.readAllLines(metrics).size());
            awaitEqual(metrics, "metrics/" + metrics.getFileName());
            awaitEqual(expt.resolve("monitoring/status/rabi_status.json"), "status/rabi_status.json");
            awaitEqual(plot, "plots/" + plot.getFileName());
            assertTrue(new String(copy("status/rabi_status.json"), StandardCharsets.UTF_8).contains("completed"));
            t.close();
            assertEquals("", t.console().replaceAll("(?m)^(?!labwatch).*\\R?", ""), "nothing to say");
        }
    }

    @Test
    void runsOfOneDirectoryShareItsRootWhileOneEndsBeforeTheOther() throws Exception {
        try (TestEngines t = new TestEngines(Map.of("server", server.url()), Map.of("LABWATCH_TOKEN", token), fast())) {
            Monitor a = t.engine.create(expt, "rabi");
            Monitor b = t.engine.create(expt, "ramsey");
            a.log("from rabi");
            b.log("from ramsey");
            Path plot = b.savePlot(image(Color.BLUE), "t2");
            a.complete("done");
            a.close();
            b.log("ramsey goes on after rabi ended");
            awaitEqual(expt.resolve("monitoring/status/rabi_status.json"), "status/rabi_status.json");
            awaitEqual(expt.resolve("monitoring/status/ramsey_status.json"), "status/ramsey_status.json");
            awaitEqual(plot, "plots/" + plot.getFileName());
            try (var logs = Files.list(expt.resolve("monitoring/logs"))) {
                for (Path log : (Iterable<Path>) logs::iterator) {
                    awaitEqual(log, "logs/" + log.getFileName());
                }
            }
            b.close();
        }
    }

    @Test
    void afterAnOutageTheRunsLogSaysShippingCaughtUp() throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
            proxy.mode(FaultProxy.Mode.DROP);
            try (TestEngines t = new TestEngines(
                    Map.of("server", "http://127.0.0.1:" + proxy.port()), Map.of("LABWATCH_TOKEN", token), fast())) {
                Monitor m = t.engine.create(expt, "rabi");
                m.log("while the server is away");
                await().atMost(Duration.ofSeconds(10)).until(() -> t.console().contains("Retrying until it works"));
                proxy.mode(FaultProxy.Mode.PASS);
                Path log = ShippingUnreachableTest.logOf(expt);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.readString(log).contains("caught up after"));
                m.log("after the note");
                awaitEqual(log, "logs/" + log.getFileName());
                m.close();
            }
        }
    }

    @Test
    void theEnvironmentNamesTheServerAndAChangedSettingShipsTheRunsCreatedAfterIt() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        try (TestEngines t = new TestEngines(Map.of(), Map.of("LABWATCH_SERVER", "http://127.0.0.1:1"), fast())) {
            // LABWATCH_SERVER names a server where none listens, and there is no token: said, the run goes on.
            Monitor before = t.engine.create(expt, "before");
            before.log("not shipped to this server");
            before.close();
            assertTrue(t.console().contains("no token"), t.console());

            t.engine.reconfigure(org.labwatch.internal.config.Configs.of(
                    CoreConfig.class, Map.of("server", server.url(), "tokenFile", tokenFile.toString())));
            Monitor after = t.engine.create(expt, "after");
            after.log("shipped");
            after.close();
            Path log;
            try (var logs = Files.list(expt.resolve("monitoring/logs"))) {
                log = logs.filter(p -> p.getFileName().toString().startsWith("after_"))
                        .findFirst()
                        .orElseThrow();
            }
            awaitEqual(log, "logs/" + log.getFileName());
            awaitEqual(expt.resolve("monitoring/status/after_status.json"), "status/after_status.json");
            assertEquals(null, copy("status/before_status.json"), "the earlier run stays with the earlier setting");
        }
    }

    /** With the default 200 ms poll: how long a logged line takes to be on the server. */
    @Test
    void aLoggedLineIsOnTheServerWellWithinASecond() throws Exception {
        try (TestEngines t = new TestEngines(
                Map.of("server", server.url()), Map.of("LABWATCH_TOKEN", token), Shipper.Settings.defaults())) {
            Monitor m = t.engine.create(expt, "latency");
            m.log("warm up");
            Path log = ShippingUnreachableTest.logOf(expt);
            String relative = "logs/" + log.getFileName();
            awaitEqual(log, relative);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String probe = "probe " + i;
                long start = System.nanoTime();
                m.log(probe);
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            byte[] c = server.copy("fridge-pc", "qubit1", relative);
                            return c != null && new String(c, StandardCharsets.UTF_8).contains(probe + "\n");
                        });
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(millis);
            System.out.println(
                    "log line to server copy, ms: median " + millis.get(10) + ", max " + millis.get(19) + " " + millis);
            assertTrue(millis.get(10) < 1000, "median " + millis);
            m.close();
        }
    }

    static BufferedImage image(Color color) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        return image;
    }
}

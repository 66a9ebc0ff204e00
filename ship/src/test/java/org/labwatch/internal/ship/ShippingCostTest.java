package org.labwatch.internal.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.ingest.RealIngest;

/**
 * What following costs, measured and printed (the figures in the report come from here): the
 * shipper's CPU time while a directory of many files sits still, and the rate of catching up a
 * long log. The bounds are loose; they catch a busy loop, not a slow machine.
 */
class ShippingCostTest {

    @TempDir
    Path tmp;

    RealIngest server;
    Shipper shipper;
    final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.start(tmp.resolve("server"));
    }

    @AfterEach
    void stop() throws Exception {
        if (shipper != null) {
            shipper.close();
        }
        server.close();
    }

    Shipper ship(Experiments e, Shipper.Settings settings) throws Exception {
        shipper = Shipper.start(
                ShipServer.of(server.url(), ShipToken.of(server.token("fridge-pc")), null, null), settings, err, null);
        shipper.follow(e.monitoring, e.expt.getFileName().toString());
        return shipper;
    }

    @Test
    void followingAStillDirectoryOfManyFilesCostsLittleCpu() throws Exception {
        Experiments e = new Experiments(tmp.resolve("lab/qubit1"));
        for (int i = 0; i < 300; i++) {
            e.append("logs/run" + i + "_20261204_120000.log", "a line\n".repeat(100));
        }
        for (int i = 0; i < 100; i++) {
            e.plot("plot" + i + ".png", new Color(i, 0, 0));
        }
        for (int i = 0; i < 20; i++) {
            e.status("run" + i, 1);
        }
        Shipper s = ship(e, Shipper.Settings.defaults());
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(60)));

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long id = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("labwatch-ship"))
                .findFirst()
                .orElseThrow()
                .getId();
        long cpu0 = threads.getThreadCpuTime(id);
        long wall0 = System.nanoTime();
        // Still files: 15 polls (200 ms) of 420 files, each a stat, no request.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        long cpu = threads.getThreadCpuTime(id) - cpu0;
        long wall = System.nanoTime() - wall0;
        double share = 100.0 * cpu / wall;
        System.out.printf(
                "idle following of 420 files (300 logs, 100 plots, 20 status), 200 ms polls: %.2f%% of one core"
                        + " (%.1f ms CPU per second, %.2f ms per poll)%n",
                share, cpu / 1e6 / (wall / 1e9), cpu / 1e6 / (wall / 2e8));
        assertTrue(share < 20, share + "%");
    }

    @Test
    void catchingUpALongLogRunsAtDiskAndLoopbackSpeed() throws Exception {
        Experiments e = new Experiments(tmp.resolve("lab/qubit1"));
        byte[] line = "2026-12-04 12:00:00,000 - INFO - a measured value of the long night: 12.345 mK\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[line.length * 10_000];
        for (int i = 0; i < 10_000; i++) {
            System.arraycopy(line, 0, block, i * line.length, line.length);
        }
        Path log = e.file("logs/night_20261204_000000.log");
        for (int i = 0; i < 40; i++) {
            Files.write(log, block, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        long size = Files.size(log);
        long start = System.nanoTime();
        Shipper s = ship(e, Shipper.Settings.defaults());
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(120)));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "catching up a %.1f MB log (1 MiB chunks, loopback, file stores): %.1f s, %.1f MB/s%n",
                size / 1e6, seconds, size / 1e6 / seconds);
        assertArrayEquals(
                Files.readAllBytes(log), server.copy("fridge-pc", "qubit1", "logs/night_20261204_000000.log"));
    }
}

package org.labwatch.internal.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.ingest.RealIngest;
import org.labwatch.testsupport.FaultProxy;

/**
 * The shipper against the real ingest servlet in Jetty over the real file stores: whatever happens
 * on the way, the server's copy ends byte for byte equal to the local files, each byte sent once.
 */
class ShipperTest {

    static final String SOURCE = "fridge-pc";
    static final String LOG = "logs/cal_20261204_120000.log";

    @TempDir
    Path tmp;

    RealIngest server;
    String token;
    Experiments qubit1;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.start(tmp.resolve("server"));
        token = server.token(SOURCE);
        qubit1 = new Experiments(tmp.resolve("lab/qubit1"));
    }

    @AfterEach
    void stop() throws Exception {
        if (!err().isEmpty()) {
            System.out.println("-- the shipper's stderr:\n" + err());
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        server.close();
    }

    static Shipper.Settings fast() {
        return Shipper.Settings.defaults()
                .withInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .withRequestTimeout(Duration.ofSeconds(2));
    }

    Shipper ship(String url, Shipper.Settings settings, Experiments... dirs) {
        Shipper s = Shipper.start(ShipServer.of(url, ShipToken.of(token), null, null), settings, err, null);
        closing.add(s);
        for (Experiments e : dirs) {
            s.follow(e.monitoring, e.expt.getFileName().toString());
        }
        return s;
    }

    FaultProxy proxy() throws Exception {
        FaultProxy p = FaultProxy.to("127.0.0.1", server.port());
        closing.add(p);
        return p;
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    byte[] copy(String relative) throws Exception {
        return server.copy(SOURCE, "qubit1", relative);
    }

    void awaitCopyEquals(Experiments e, String relative) {
        await(relative + " on the server equal to the local file")
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertArrayEquals(
                        e.bytes(relative),
                        server.copy(SOURCE, e.expt.getFileName().toString(), relative)));
    }

    @Test
    void shipsLogsMetricsStatusAndPlotsAsTheyAre() throws Exception {
        qubit1.append(LOG, "2026-12-04 12:00:00,000 - INFO - started\n");
        qubit1.append("metrics/cal.csv", "t,T_mK\n0,12.5\n");
        qubit1.status("cal", 1);
        qubit1.plot("fit.png", Color.RED);
        qubit1.append("logs/.editor-swap", "never shipped");

        Shipper s = ship(server.url(), fast(), qubit1);

        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(20)), () -> String.join("\n", s.missing()) + err());
        for (String f : List.of(LOG, "metrics/cal.csv", "status/cal_status.json", "plots/fit.png")) {
            assertArrayEquals(qubit1.bytes(f), copy(f), f);
        }
        assertEquals(null, copy("logs/.editor-swap"));
        assertEquals(List.of(), s.missing());
        assertEquals("", err(), "nothing to say when all goes well");
    }

    @Test
    void namesWithSpacesAndAccentsArriveAsTheyAre() throws Exception {
        Experiments cold = new Experiments(tmp.resolve("lab/Kälte Lauf #2"));
        cold.append("logs/T sweep (mK)+1.log", "à la minute\n");
        cold.status("sweep 100%", 1);
        Shipper s = ship(server.url(), fast(), cold);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(20)), () -> String.join("\n", s.missing()) + err());
        assertArrayEquals(
                cold.bytes("logs/T sweep (mK)+1.log"), server.copy(SOURCE, "Kälte Lauf #2", "logs/T sweep (mK)+1.log"));
        assertArrayEquals(
                cold.bytes("status/sweep 100%_status.json"),
                server.copy(SOURCE, "Kälte Lauf #2", "status/sweep 100%_status.json"));
    }

    @Test
    void aLogGrowingWhileShippingArrivesByteForByte() throws Exception {
        // Small chunks: the log is always several chunks behind while it grows.
        Shipper s = ship(server.url(), fast().withMaxChunkBytes(4096), qubit1);
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            qubit1.append(LOG, "line " + i + " " + "x".repeat(random.nextInt(200)) + "\n");
            if (i % 500 == 0) {
                qubit1.status("cal", i / 500);
            }
        }
        awaitCopyEquals(qubit1, LOG);
        awaitCopyEquals(qubit1, "status/cal_status.json");
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
    }

    @Test
    void aNewShipperResumesFromTheManifestWithoutSendingAnythingTwice() throws Exception {
        String big = "0123456789abcdef".repeat(64 * 1024) + "\n"; // 1 MiB
        qubit1.append(LOG, big);
        qubit1.plot("fit.png", Color.BLUE);
        qubit1.status("cal", 1);
        Shipper first = ship(server.url(), fast(), qubit1);
        assertTrue(first.awaitCaughtUp(Duration.ofSeconds(20)));
        first.close();

        qubit1.append(LOG, "after the restart\n");
        FaultProxy counting = proxy();
        Shipper second = ship("http://127.0.0.1:" + counting.port(), fast(), qubit1);
        assertTrue(second.awaitCaughtUp(Duration.ofSeconds(20)));

        assertArrayEquals(qubit1.bytes(LOG), copy(LOG));
        assertTrue(
                counting.forwardedBytes() < 20_000,
                "only the new line, the manifest and the answers crossed: " + counting.forwardedBytes() + " bytes");
    }

    @Test
    void serverDownAtStartThenUpCatchesUpWithEverythingOnce() throws Exception {
        FaultProxy proxy = proxy();
        proxy.mode(FaultProxy.Mode.DROP);
        qubit1.append(LOG, "before the server is up\n");
        qubit1.plot("fit.png", Color.GREEN);
        qubit1.status("cal", 1);
        Shipper s = ship("http://127.0.0.1:" + proxy.port(), fast(), qubit1);

        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.connections() >= 5);
        for (int i = 0; i < 100; i++) {
            qubit1.append(LOG, "while it is down " + i + "\n");
        }
        qubit1.status("cal", 2);
        assertEquals(1, count(err(), "Retrying until it works"), err());
        assertTrue(err().contains("root 'qubit1'") && err().contains(String.valueOf(proxy.port())), err());

        proxy.mode(FaultProxy.Mode.PASS);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(20)), err());
        assertArrayEquals(qubit1.bytes(LOG), copy(LOG));
        assertArrayEquals(qubit1.bytes("status/cal_status.json"), copy("status/cal_status.json"));
        assertArrayEquals(qubit1.bytes("plots/fit.png"), copy("plots/fit.png"));
        try (Stream<Path> plots = Files.list(server.root(SOURCE, "qubit1").resolve("plots"))) {
            assertEquals(
                    1,
                    plots.filter(p -> !p.getFileName().toString().startsWith("."))
                            .count());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> err().contains("caught up after"));
        assertEquals(1, count(err(), "Retrying until it works"), err());
    }

    @Test
    void aStalledConnectionIsAnOutageAndShippingResumes() throws Exception {
        FaultProxy proxy = proxy();
        qubit1.append(LOG, "first\n");
        Shipper s = ship("http://127.0.0.1:" + proxy.port(), fast().withRequestTimeout(Duration.ofMillis(700)), qubit1);
        awaitCopyEquals(qubit1, LOG);

        proxy.mode(FaultProxy.Mode.STALL);
        qubit1.append(LOG, "while stalled\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> err().contains("no answer within"));
        qubit1.append(LOG, "still stalled\n");

        proxy.mode(FaultProxy.Mode.PASS);
        proxy.cutAll(); // the stalled connections are dead to the client
        awaitCopyEquals(qubit1, LOG);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> err().contains("caught up after"));
    }

    @Test
    void idleConnectionsClosedByTheServerAreNoOutage() throws Exception {
        FaultProxy proxy = proxy();
        Shipper s = ship("http://127.0.0.1:" + proxy.port(), fast(), qubit1);
        for (int i = 0; i < 10; i++) {
            qubit1.append(LOG, "line " + i + "\n");
            awaitCopyEquals(qubit1, LOG);
            proxy.cutAll(); // as a server's idle timeout closes kept-alive connections
        }
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals("", err());
    }

    @Test
    void cutsInTheMiddleOfChunksLoseNothingAndDuplicateNothing() throws Exception {
        FaultProxy proxy = proxy();
        Shipper s = ship("http://127.0.0.1:" + proxy.port(), fast().withMaxChunkBytes(16 * 1024), qubit1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append("line ").append(i).append(" of the long run\n");
        }
        qubit1.append(LOG, lines.toString()); // about 2.5 MB: some 150 chunks
        long size = Files.size(qubit1.file(LOG));
        int cuts = 0;
        // Cut every connection each time some 40 KB passed, wherever a request is: before, while or after
        // the server wrote a chunk (the next attempt then meets a 409 and continues from the server's length).
        while (length(copy(LOG)) < size) {
            long before = proxy.forwardedBytes();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.forwardedBytes() > before + 40_000 || length(copy(LOG)) == size);
            proxy.cutAll();
            cuts++;
        }
        assertTrue(cuts >= 3, "cuts: " + cuts);
        awaitCopyEquals(qubit1, LOG);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
    }

    static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    @Test
    void theServerHearsHowFarBehindTheShipperIs() throws Exception {
        FaultProxy proxy = proxy();
        byte[] line = "a line of a long log that is being caught up with\n".getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) {
            text.append(new String(line, StandardCharsets.UTF_8));
        }
        qubit1.append(LOG, text.toString());
        long total = Files.size(qubit1.file(LOG));
        // Hung in the middle of the transfer: the server heard a figure between nothing and everything.
        proxy.stallAfterBytes(60_000);
        Shipper s = ship("http://127.0.0.1:" + proxy.port(), fast().withMaxChunkBytes(16 * 1024), qubit1);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.mode() == FaultProxy.Mode.STALL);
        long behind = server.behind(SOURCE, "qubit1").orElseThrow();
        assertTrue(behind > 0 && behind < total, behind + " of " + total);
        assertEquals(total - length(copy(LOG)), behind, 16 * 1024 * 2, "within a couple of chunks");
        proxy.mode(FaultProxy.Mode.PASS);
        proxy.cutAll();
        awaitCopyEquals(qubit1, LOG);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals(0, server.behind(SOURCE, "qubit1").orElseThrow(), "caught up: the last request said 0");
    }

    @Test
    void twoCopiesOfOneDirectoryMeetOnTheServerWithEachByteOnce() throws Exception {
        Experiments copyB = new Experiments(tmp.resolve("elsewhere/qubit1"));
        Shipper b = ship(server.url(), fast(), copyB);
        assertTrue(b.awaitCaughtUp(Duration.ofSeconds(10)), "b knows the empty root");

        String head = "written on the first machine\n".repeat(100);
        qubit1.append(LOG, head);
        Shipper a = ship(server.url(), fast(), qubit1);
        assertTrue(a.awaitCaughtUp(Duration.ofSeconds(10)));
        a.close();

        // b's copy holds the same bytes and more; it believes the server has none: 409, then from the server's length.
        copyB.append(LOG, head + "and more on the second\n");
        awaitCopyEquals(copyB, LOG);
        assertTrue(b.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals("", err(), "a conflict is routine, nothing to report");

        // A local file shorter than the server's copy: said loudly once, nothing sent.
        Files.write(copyB.file(LOG), Arrays.copyOf(copyB.bytes(LOG), 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> err().contains("truncated or replaced"));
        assertTrue(b.awaitCaughtUp(Duration.ofSeconds(10)));
        assertTrue(b.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals(1, count(err(), "truncated or replaced"), err());
        assertEquals(head.length() + "and more on the second\n".length(), copy(LOG).length);
    }

    @Test
    void statusVersionsGoForwardWhenTheFilesClockGoesBack() throws Exception {
        qubit1.status("cal", 1);
        Shipper s = ship(server.url(), fast(), qubit1);
        awaitCopyEquals(qubit1, "status/cal_status.json");

        qubit1.status("cal", 2);
        Path status = qubit1.file("status/cal_status.json");
        Files.setLastModifiedTime(status, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        awaitCopyEquals(qubit1, "status/cal_status.json");
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals("", err());
    }

    @Test
    void aStatusRewrittenWithTheSameSizeInTheSameClockTickIsStillSent() throws Exception {
        qubit1.status("cal", 1);
        Path status = qubit1.file("status/cal_status.json");
        FileTime tick = Files.getLastModifiedTime(status);
        Shipper s = ship(server.url(), fast(), qubit1);
        awaitCopyEquals(qubit1, "status/cal_status.json");

        // A coarse clock (FAT, some shares): same size, same time, other content.
        qubit1.status("cal", 2);
        Files.setLastModifiedTime(status, tick);
        awaitCopyEquals(qubit1, "status/cal_status.json");
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
    }

    @Test
    void aRefusedTokenIsAnOutageUntilTheTokenFileHoldsAGoodOne() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "lw1_not-a-token\n");
        qubit1.append(LOG, "needs a good token\n");
        Shipper s = Shipper.start(
                ShipServer.of(server.url(), ShipToken.fromFile(tokenFile), null, null),
                fast().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)),
                err,
                null);
        closing.add(s);
        s.follow(qubit1.monitoring, "qubit1");
        await().atMost(Duration.ofSeconds(10)).until(() -> err().contains("401"));
        assertTrue(err().contains("./labwatch token"), err());

        Files.writeString(tokenFile, token + "\n");
        awaitCopyEquals(qubit1, LOG);
        await().atMost(Duration.ofSeconds(5)).until(() -> err().contains("caught up after"));
    }

    @Test
    void aFileTheServerRefusesIsSaidOnceAndNotSentAgainUntilItChanges() throws Exception {
        Files.writeString(qubit1.file("status/broken_status.json"), "{\"experiment_name\": ");
        qubit1.append(LOG, "fine\n");
        Shipper s = ship(server.url(), fast(), qubit1);
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(10)));
        assertArrayEquals(qubit1.bytes(LOG), copy(LOG));
        assertEquals(1, count(err(), "status/broken_status.json is not shipped"), err());
        assertTrue(s.missing().stream().anyMatch(l -> l.contains("broken_status.json")), "" + s.missing());

        qubit1.status("broken", 3);
        awaitCopyEquals(qubit1, "status/broken_status.json");
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

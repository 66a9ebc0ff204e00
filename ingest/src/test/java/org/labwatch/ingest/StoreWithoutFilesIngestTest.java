package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.testsupport.RelocatedStores;

/**
 * The protocol over stores that keep no files at the runs' paths (as a database keeps them): the
 * manifest's lengths come from the sink's {@code mirroredLengths}, the status and plot checks ask
 * the stores, and the only thing made at the runs' paths on this disk is the ingest's own note per
 * root. While the stores are away, requests are answered 503 with {@code Retry-After}.
 */
class StoreWithoutFilesIngestTest {

    @TempDir
    Path dir;

    IngestServer server;
    RelocatedStores stores;
    Path data;
    String fridge;

    @BeforeEach
    void start() throws Exception {
        server = new IngestServer(dir, Map.of("retryAfterSeconds", 7));
        data = dir.resolve("labwatch-data");
        stores = new RelocatedStores(data, dir.resolve("database"));
        server.stores.set(new Stores(
                stores.logSink(server.logSink),
                stores.statuses(server.statusStore),
                stores.plots(server.plotStore),
                data.resolve("remote"),
                List.of(stores.health())));
        fridge = server.token("fridge-pc");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Path kept(String pathUnderRoot) {
        return stores.backingOf(
                data.resolve("remote/fridge-pc/qubit1/monitoring").resolve(pathUnderRoot));
    }

    @Test
    void theManifestAndTheChecksComeFromTheStoresAndOnlyTheIngestsNoteIsOnThisDisk() throws Exception {
        String root = "/v1/fridge-pc/qubit1";
        assertEquals(
                "{\"logs\":{},\"metrics\":{},\"status\":{},\"plots\":{}}",
                server.get(fridge, root).json().toString());

        assertEquals(
                200,
                server.post(fridge, root + "/logs/rabi_20250101_120000.log?offset=0", "line 1\n".getBytes(UTF_8))
                        .status());
        assertEquals(
                409,
                server.post(fridge, root + "/logs/rabi_20250101_120000.log?offset=0", "line 1\n".getBytes(UTF_8))
                        .status(),
                "a retried chunk is refused by the sink's length");
        server.post(fridge, root + "/metrics/rabi_20250101_120000.csv?offset=0", "t,mK\n".getBytes(UTF_8));
        byte[] v7 = IngestProtocolTest.STATUS.formatted(3).getBytes(UTF_8);
        assertEquals(
                200,
                server.put(fridge, root + "/status/rabi_status.json?version=7", v7)
                        .status());
        byte[] plot = Images.png(4, Color.GREEN);
        assertTrue(server.put(fridge, root + "/plots/p.png", plot)
                .json()
                .get("stored")
                .asBoolean());

        assertEquals(
                "{\"logs\":{\"rabi_20250101_120000.log\":7},\"metrics\":{\"rabi_20250101_120000.csv\":5},"
                        + "\"status\":{\"rabi_status.json\":{\"version\":7,\"sha256\":\"" + Sha256.hex(v7)
                        + "\"}},\"plots\":{\"p.png\":\"" + Sha256.hex(plot) + "\"}}",
                server.get(fridge, root).json().toString());

        // The same version and bytes again: known from the stored copy's bytes, so not written again.
        Object written = Files.readAttributes(kept("status/rabi_status.json"), BasicFileAttributes.class)
                .fileKey();
        assertEquals(
                200,
                server.put(fridge, root + "/status/rabi_status.json?version=7", v7)
                        .status());
        assertEquals(
                written,
                Files.readAttributes(kept("status/rabi_status.json"), BasicFileAttributes.class)
                        .fileKey());
        // Input: an older version. Refused, as over files.
        assertEquals(
                409,
                server.put(fridge, root + "/status/rabi_status.json?version=6", v7)
                        .status());
        assertFalse(server.put(fridge, root + "/plots/p.png", plot)
                .json()
                .get("stored")
                .asBoolean());

        assertArrayEquals("line 1\n".getBytes(UTF_8), Files.readAllBytes(kept("logs/rabi_20250101_120000.log")));
        assertArrayEquals(v7, Files.readAllBytes(kept("status/rabi_status.json")));
        assertArrayEquals(plot, Files.readAllBytes(kept("plots/p.png")));
        try (Stream<Path> all = Files.walk(data)) {
            assertEquals(
                    List.of(data.resolve("remote/fridge-pc/qubit1/" + RootDirs.STATE_FILE)),
                    all.filter(Files::isRegularFile).toList(),
                    "nothing but the ingest's note at the runs' paths");
        }

        // A copy the store no longer holds as written is not in the manifest: the shipper sends it again.
        Files.writeString(kept("status/rabi_status.json"), IngestProtocolTest.STATUS.formatted(4));
        Files.delete(kept("plots/p.png"));
        assertEquals(
                "{\"status\":{},\"plots\":{}}",
                "{\"status\":" + server.get(fridge, root).json().get("status") + ",\"plots\":"
                        + server.get(fridge, root).json().get("plots") + "}");
    }

    @Test
    void whileTheStoresAreAwayEveryRequestIs503WithRetryAfterAndAfterwardsItGoesOn() throws Exception {
        String log = "/v1/fridge-pc/qubit1/logs/rabi_20250101_120000.log";
        assertEquals(
                200,
                server.post(fridge, log + "?offset=0", "a\n".getBytes(UTF_8)).status());

        // Input: the store cannot be reached (a database restarting).
        stores.away("connection refused");
        for (IngestServer.Reply r : List.of(
                server.post(fridge, log + "?offset=2", "b\n".getBytes(UTF_8)),
                server.get(fridge, "/v1/fridge-pc/qubit1"),
                server.put(
                        fridge,
                        "/v1/fridge-pc/qubit1/status/rabi_status.json?version=1",
                        IngestProtocolTest.STATUS.formatted(1).getBytes(UTF_8)),
                server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", Images.png(4, Color.RED)))) {
            assertEquals(503, r.status(), r.text());
            assertEquals(
                    "2",
                    r.headers().get("Retry-After"),
                    "sooner than the 7 s for a missing store: a database restart is short");
            assertTrue(r.error().contains("away"), r.error());
        }

        stores.back();
        assertEquals(
                4, server.post(fridge, log + "?offset=2", "b\n".getBytes(UTF_8)).number("length"));
        assertEquals(
                "{\"rabi_20250101_120000.log\":4}",
                server.get(fridge, "/v1/fridge-pc/qubit1").json().get("logs").toString());
        assertArrayEquals("a\nb\n".getBytes(UTF_8), Files.readAllBytes(kept("logs/rabi_20250101_120000.log")));
    }
}

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/remote.md, request by request, over real HTTP into the real file stores. */
class IngestProtocolTest {

    static final String STATUS =
            "{\"experiment_name\": \"rabi\", \"status\": \"running\", \"current_step\": %d," + " \"total_steps\": 10}";

    @TempDir
    Path dir;

    IngestServer server;
    String fridge;

    @BeforeEach
    void start() throws Exception {
        server = new IngestServer(dir, Map.of());
        fridge = server.token("fridge-pc");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    Path root(String source, String root) {
        return server.remote.resolve(source).resolve(root).resolve("monitoring");
    }

    @Test
    void helloSaysWhoTheTokenIsAndTheLimits() throws Exception {
        IngestServer.Reply r = server.get(fridge, "/v1/");
        assertEquals(200, r.status());
        assertEquals(1, r.json().get("protocol").asInt());
        assertEquals("fridge-pc", r.json().get("source").asText());
        assertEquals(8L * 1024 * 1024, r.json().get("limits").get("chunkBytes").asLong());
        assertEquals(
                16L * 1024 * 1024, r.json().get("limits").get("statusBytes").asLong());
        assertEquals(50L * 1024 * 1024, r.json().get("limits").get("plotBytes").asLong());
        assertEquals(200, server.get(fridge, "/v1").status(), "without the trailing slash too");
    }

    @Test
    void logChunksAppendAtTheServersLengthAndAnyOtherOffsetGets409WithIt() throws Exception {
        String log = "/v1/fridge-pc/qubit1/logs/rabi_20250101_120000.log";
        IngestServer.Reply first = server.post(fridge, log + "?offset=0", "line 1\n".getBytes(UTF_8));
        assertEquals(200, first.status(), first.text());
        assertEquals(7, first.number("length"));
        assertEquals(
                14,
                server.post(fridge, log + "?offset=7", "line 2\n".getBytes(UTF_8))
                        .number("length"));

        // a retried chunk (offset 0 again) and one after a gap (offset 20): nothing written, the length to resume from
        for (String offset : new String[] {"0", "7", "20"}) {
            IngestServer.Reply conflict = server.post(fridge, log + "?offset=" + offset, "line X\n".getBytes(UTF_8));
            assertEquals(409, conflict.status(), offset);
            assertEquals(14, conflict.number("length"), offset);
        }
        Path file = root("fridge-pc", "qubit1").resolve("logs/rabi_20250101_120000.log");
        assertEquals("line 1\nline 2\n", Files.readString(file));

        // resuming from the answer's length
        assertEquals(
                21,
                server.post(fridge, log + "?offset=14", "line 3\n".getBytes(UTF_8))
                        .number("length"));
        assertEquals("line 1\nline 2\nline 3\n", Files.readString(file));
    }

    @Test
    void metricsFilesAppendLikeLogsIntoTheirOwnDirectory() throws Exception {
        String csv = "/v1/fridge-pc/qubit1/metrics/temps.csv";
        assertEquals(
                6,
                server.post(fridge, csv + "?offset=0", "t,mK\n".getBytes(UTF_8)).number("length") + 1);
        assertEquals(
                409,
                server.post(fridge, csv + "?offset=0", "t,mK\n".getBytes(UTF_8)).status());
        assertEquals("t,mK\n", Files.readString(root("fridge-pc", "qubit1").resolve("metrics/temps.csv")));
    }

    @Test
    void aStatusVersionOnlyGoesForward() throws Exception {
        String path = "/v1/fridge-pc/qubit1/status/rabi_status.json";
        Path file = root("fridge-pc", "qubit1").resolve("status/rabi_status.json");
        byte[] v100 = STATUS.formatted(1).getBytes(UTF_8);

        IngestServer.Reply put = server.put(fridge, path + "?version=100", v100);
        assertEquals(200, put.status(), put.text());
        assertEquals(100, put.number("version"));
        assertArrayEquals(v100, Files.readAllBytes(file));
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        // the same version with the same bytes (a retry): 200, and the file is not even rewritten
        assertEquals(200, server.put(fridge, path + "?version=100", v100).status());
        assertEquals(
                written, Files.readAttributes(file, BasicFileAttributes.class).fileKey());

        byte[] other = STATUS.formatted(2).getBytes(UTF_8);
        IngestServer.Reply sameVersionOtherBytes = server.put(fridge, path + "?version=100", other);
        assertEquals(409, sameVersionOtherBytes.status());
        assertEquals(100, sameVersionOtherBytes.number("version"));
        IngestServer.Reply older = server.put(fridge, path + "?version=99", other);
        assertEquals(409, older.status());
        assertEquals(100, older.number("version"));
        assertArrayEquals(v100, Files.readAllBytes(file));

        assertEquals(200, server.put(fridge, path + "?version=101", other).status());
        assertArrayEquals(other, Files.readAllBytes(file));
        assertEquals(2, server.statusStore.read(file).status().currentStep(), "the store reads the copy");
    }

    @Test
    void aPlotIsStoredOnceAndTheSameBytesAgainAreANoOp() throws Exception {
        String path = "/v1/fridge-pc/qubit1/plots/fit.png";
        Path file = root("fridge-pc", "qubit1").resolve("plots/fit.png");
        byte[] red = Images.png(8, Color.RED);

        IngestServer.Reply first = server.put(fridge, path, red);
        assertEquals(200, first.status(), first.text());
        assertTrue(first.json().get("stored").asBoolean());
        assertEquals(Sha256.hex(red), first.json().get("sha256").asText());
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        IngestServer.Reply again = server.put(fridge, path, red);
        assertEquals(200, again.status());
        assertFalse(again.json().get("stored").asBoolean());
        assertEquals(
                written, Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "not rewritten");

        byte[] blue = Images.png(8, Color.BLUE);
        assertTrue(server.put(fridge, path, blue).json().get("stored").asBoolean());
        assertArrayEquals(blue, Files.readAllBytes(file));
    }

    @Test
    void theManifestIsEmptyForANewRootAndThenSaysWhatTheServerHas() throws Exception {
        IngestServer.Reply empty = server.get(fridge, "/v1/fridge-pc/qubit1");
        assertEquals(200, empty.status(), empty.text());
        assertEquals(
                "{\"logs\":{},\"metrics\":{},\"status\":{},\"plots\":{}}",
                empty.json().toString());

        server.post(fridge, "/v1/fridge-pc/qubit1/logs/a.log?offset=0", "abc".getBytes(UTF_8));
        server.post(fridge, "/v1/fridge-pc/qubit1/metrics/m.csv?offset=0", "1,2\n".getBytes(UTF_8));
        byte[] status = STATUS.formatted(3).getBytes(UTF_8);
        server.put(fridge, "/v1/fridge-pc/qubit1/status/rabi_status.json?version=7", status);
        byte[] plot = Images.png(4, Color.GREEN);
        server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", plot);

        IngestServer.Reply manifest = server.get(fridge, "/v1/fridge-pc/qubit1");
        assertEquals(
                "{\"logs\":{\"a.log\":3},\"metrics\":{\"m.csv\":4},\"status\":{\"rabi_status.json\":{\"version\":7,\"sha256\":\""
                        + Sha256.hex(status) + "\"}},\"plots\":{\"p.png\":\"" + Sha256.hex(plot) + "\"}}",
                manifest.json().toString());
        assertTrue(Files.exists(server.remote.resolve("fridge-pc/qubit1/.ingest-state.json")), "outside monitoring/");
    }

    @Test
    void aLostStateFileCostsOnlyAResend() throws Exception {
        String status = "/v1/fridge-pc/qubit1/status/rabi_status.json";
        byte[] bytes = STATUS.formatted(1).getBytes(UTF_8);
        byte[] plot = Images.png(4, Color.RED);
        server.put(fridge, status + "?version=10", bytes);
        server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", plot);
        server.post(fridge, "/v1/fridge-pc/qubit1/logs/a.log?offset=0", "abc".getBytes(UTF_8));

        Files.delete(server.remote.resolve("fridge-pc/qubit1/.ingest-state.json"));

        IngestServer.Reply manifest = server.get(fridge, "/v1/fridge-pc/qubit1");
        assertEquals("{\"a.log\":3}", manifest.json().get("logs").toString(), "log lengths come from the sink");
        assertEquals("{}", manifest.json().get("status").toString());
        assertEquals("{}", manifest.json().get("plots").toString());
        // an unknown version takes the next one, even a smaller one; the plot is stored again
        assertEquals(200, server.put(fridge, status + "?version=5", bytes).status());
        assertTrue(server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", plot)
                .json()
                .get("stored")
                .asBoolean());
        assertEquals(
                5,
                server.get(fridge, "/v1/fridge-pc/qubit1")
                        .json()
                        .get("status")
                        .get("rabi_status.json")
                        .get("version")
                        .asLong());
    }

    @Test
    void aCopyDeletedOnTheServerIsNoLongerInTheManifest() throws Exception {
        byte[] plot = Images.png(4, Color.RED);
        server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", plot);
        Files.delete(root("fridge-pc", "qubit1").resolve("plots/p.png"));
        assertEquals(
                "{}",
                server.get(fridge, "/v1/fridge-pc/qubit1").json().get("plots").toString());
        assertTrue(server.put(fridge, "/v1/fridge-pc/qubit1/plots/p.png", plot)
                .json()
                .get("stored")
                .asBoolean());
    }

    @Test
    void twoSourcesWithTheSameRootAndFileNamesAreKeptApart() throws Exception {
        String lab2 = server.token("lab2-pc");
        String log = "/qubit1/logs/autocalibration_20250101_120000.log?offset=0";
        assertEquals(
                200,
                server.post(fridge, "/v1/fridge-pc" + log, "from fridge\n".getBytes(UTF_8))
                        .status());
        assertEquals(
                200,
                server.post(lab2, "/v1/lab2-pc" + log, "from lab2\n".getBytes(UTF_8))
                        .status());
        String status = "/qubit1/status/autocalibration_status.json?version=1";
        assertEquals(
                200,
                server.put(fridge, "/v1/fridge-pc" + status, STATUS.formatted(1).getBytes(UTF_8))
                        .status());
        assertEquals(
                200,
                server.put(lab2, "/v1/lab2-pc" + status, STATUS.formatted(2).getBytes(UTF_8))
                        .status());

        Path logs = Path.of("logs/autocalibration_20250101_120000.log");
        assertEquals(
                "from fridge\n", Files.readString(root("fridge-pc", "qubit1").resolve(logs)));
        assertEquals("from lab2\n", Files.readString(root("lab2-pc", "qubit1").resolve(logs)));
        Path statusFile = Path.of("status/autocalibration_status.json");
        assertEquals(
                1,
                server.statusStore
                        .read(root("fridge-pc", "qubit1").resolve(statusFile))
                        .status()
                        .currentStep());
        assertEquals(
                2,
                server.statusStore
                        .read(root("lab2-pc", "qubit1").resolve(statusFile))
                        .status()
                        .currentStep());
    }

    @Test
    void aMissingStoreIs503WithRetryAfterAndTheOthersStillWork() throws Exception {
        Stores all = server.stores.get();
        server.stores.set(new Stores(all.logs(), null, all.plots(), all.remote()));
        IngestServer.Reply r = server.put(
                fridge,
                "/v1/fridge-pc/qubit1/status/rabi_status.json?version=1",
                STATUS.formatted(1).getBytes(UTF_8));
        assertEquals(503, r.status());
        assertEquals("10", r.headers().get("Retry-After"));
        assertTrue(r.error().contains("no status store"), r.error());
        assertEquals(
                200,
                server.post(fridge, "/v1/fridge-pc/qubit1/logs/a.log?offset=0", "a".getBytes(UTF_8))
                        .status());

        server.stores.set(new Stores(all.logs(), all.statuses(), all.plots(), null));
        IngestServer.Reply noIndex = server.get(fridge, "/v1/fridge-pc/qubit1");
        assertEquals(503, noIndex.status());
        assertTrue(noIndex.error().contains("index"), noIndex.error());
        assertEquals(200, server.get(fridge, "/v1/").status(), "hello needs no store");
    }
}

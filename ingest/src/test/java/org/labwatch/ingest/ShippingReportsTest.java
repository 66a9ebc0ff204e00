package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labwatch-Behind: how far a shipping root is behind, for the index's "catching up". */
class ShippingReportsTest {

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ShippingReports reports = new ShippingReports(now::get, 120);

    @Test
    void theLatestReportOfARootCountsForItsStatusFilesWhileItIsFresh() {
        RootDirs root = RootDirs.of(dir.resolve("remote"), "fridge-pc", "qubit1");
        Path status = root.file(Route.Kind.STATUS, "rabi_status.json");
        assertEquals(OptionalLong.empty(), reports.behind(status, 120));

        reports.record(root, "5000");
        reports.record(root, " 1200 ");
        assertEquals(OptionalLong.of(1200), reports.behind(status, 120));
        assertEquals(OptionalLong.empty(), reports.behind(root.file(Route.Kind.LOGS, "a.log"), 120), "not a status");
        assertEquals(
                OptionalLong.empty(),
                reports.behind(
                        RootDirs.of(dir.resolve("remote"), "lab2-pc", "qubit1")
                                .file(Route.Kind.STATUS, "x_status.json"),
                        120),
                "another source's root of the same name");

        now.addAndGet(121_000_000_000L);
        assertEquals(OptionalLong.empty(), reports.behind(status, 120), "a shipper that stopped talking says nothing");
    }

    @Test
    void aValueThatIsNoByteCountIsIgnored() {
        RootDirs root = RootDirs.of(dir.resolve("remote"), "fridge-pc", "qubit1");
        Path status = root.file(Route.Kind.STATUS, "rabi_status.json");
        reports.record(root, "7");
        for (String bad : new String[] {null, "", "-1", "lots", "1e3"}) {
            reports.record(root, bad);
        }
        assertEquals(OptionalLong.of(7), reports.behind(status, 120));
    }

    @Test
    void theIngestServiceAnswersFromTheHeaderOfRequests() throws Exception {
        try (IngestServer server = new IngestServer(dir, Map.of())) {
            String token = server.token("fridge-pc");
            IngestServer.Reply r = server.send(
                    token,
                    "POST",
                    "/v1/fridge-pc/qubit1/logs/a.log?offset=0",
                    "x".getBytes(UTF_8),
                    "Bearer " + token,
                    Map.of(ShippingReports.HEADER, "4096"));
            assertEquals(200, r.status());
            Path status = server.remote.resolve("fridge-pc/qubit1/monitoring/status/rabi_status.json");
            assertEquals(OptionalLong.of(4096), server.ingest.shipping().behind(status));

            server.send(
                    token, "GET", "/v1/fridge-pc/qubit1", null, "Bearer " + token, Map.of(ShippingReports.HEADER, "0"));
            assertEquals(OptionalLong.of(0), server.ingest.shipping().behind(status), "caught up");
        }
    }
}

package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

class SummariesTest {

    @TempDir
    Path data;

    @Test
    void aFinishedRunsSummaryIsKeptUntilItsFileChangesARunningOneFollowsTheClock() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(data.resolve("monitoring/status"));
        String seed = Seed.example();
        java.nio.file.Files.writeString(dir.resolve("done_status.json"), seed.replace("\"running\"", "\"completed\""));
        java.nio.file.Files.writeString(dir.resolve("live_status.json"), seed);
        StatusIndex index = StatusIndex.of(new org.labwatch.status.JsonStatusStore(), data, List.of());
        Summaries summaries = new Summaries(Staleness.DEFAULT);
        StatusReading done = index.experiment("done").orElseThrow();
        StatusReading live = index.experiment("live").orElseThrow();
        Instant now = Instant.parse("2025-01-01T12:30:10Z");

        ExperimentSummary first = summaries.of(done, now);
        assertSame(first, summaries.of(done, now.plus(Duration.ofDays(1))));
        assertEquals(SummaryOf.of(done, Staleness.DEFAULT, now), first);
        java.nio.file.Files.writeString(dir.resolve("done_status.json"), seed.replace("\"running\"", "\"failed\""));
        StatusReading changed = index.experiment("done").orElseThrow();
        assertNotSame(done, changed);
        assertEquals("failed", summaries.of(changed, now).state());

        // seed files have no heartbeat: stale after 5 min without an update (last_update 12:30 local time)
        Instant later = now.plus(Duration.ofDays(400));
        assertEquals(SummaryOf.of(live, Staleness.DEFAULT, now), summaries.of(live, now));
        assertEquals("stale", summaries.of(live, later).state());

        summaries.forgetOthers(List.of(changed, live));
        assertEquals("failed", summaries.of(changed, now).state());
        index.close();
    }
}

package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.StatusReading;

class SummariesTest {

    @TempDir
    Path data;

    @Test
    void aFinishedRunsSummaryIsKeptUntilItsFileChangesARunningOneFollowsTheClock() throws Exception {
        Fixture f = new Fixture(data);
        String seed = Fixture.seedExample();
        f.writeStatus("done", seed.replace("\"running\"", "\"completed\""));
        f.writeStatus("live", seed);
        Summaries summaries = new Summaries(Staleness.DEFAULT);
        StatusReading done = f.index.experiment("done").orElseThrow();
        StatusReading live = f.index.experiment("live").orElseThrow();
        Instant now = Instant.parse("2025-01-01T12:30:10Z");

        Summary first = summaries.of(done, now);
        assertSame(first, summaries.of(done, now.plus(Duration.ofDays(1))));
        assertEquals(Summary.of(done, Staleness.DEFAULT, now), first);
        f.writeStatus("done", seed.replace("\"running\"", "\"failed\""));
        StatusReading changed = f.index.experiment("done").orElseThrow();
        assertNotSame(done, changed);
        assertEquals("failed", summaries.of(changed, now).state());

        // seed files have no heartbeat: stale after 5 min without an update (last_update 12:30 local time)
        Instant later = now.plus(Duration.ofDays(400));
        assertEquals(Summary.of(live, Staleness.DEFAULT, now), summaries.of(live, now));
        assertEquals("stale", summaries.of(live, later).state());

        summaries.forgetOthers(List.of(changed, live));
        assertEquals("failed", summaries.of(changed, now).state());
    }
}

package org.labwatch.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.RunState;

/**
 * Runs written as real status files, seen by the real index, told by the engine to a webhook on a
 * real port: the events of the issue, one message each, and a handful for a flood.
 */
class RunEventsTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Lab lab;
    private NotifyEngine engine;

    @BeforeEach
    void start() throws Exception {
        lab = new Lab(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aCompletedRunIsOnePostWithEveryFieldWithinTwoSeconds() throws Exception {
        lab.write("qubit_cal", b -> b.message("Rabi"));
        engine = lab.engine();
        lab.hook(engine, "hook", "publicUrl = https://lab.example.org/labwatch/", "secret = s3cret");

        Instant ended = Instant.now();
        lab.write("qubit_cal", lab.ended(RunState.COMPLETED, "All experiments completed successfully!"));

        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        Receiver.Request post = lab.receiver.delivered().get(0);
        assertTrue(
                Duration.between(ended, post.at()).compareTo(Duration.ofSeconds(2)) < 0,
                "delivered " + Duration.between(ended, post.at()).toMillis() + " ms after the run ended");
        JsonNode e = post.json();
        assertTrue(e.isObject(), post.body());
        assertEquals("completed", e.path("event").asText());
        assertEquals("qubit_cal", e.path("experiment").asText());
        assertEquals("qubit_cal", e.path("id").asText());
        assertEquals("completed", e.path("state").asText());
        assertEquals(
                "All experiments completed successfully!", e.path("message").asText());
        assertEquals("fridge-pc", e.path("host").asText());
        assertEquals(1, e.path("count").asInt());
        assertEquals(60, e.path("duration_seconds").asLong(), post.body());
        assertEquals(
                "https://lab.example.org/labwatch/#/experiment/qubit_cal",
                e.path("url").asText());
        assertTrue(
                e.path("time").asText().endsWith("+01:00")
                        || e.path("time").asText().endsWith("+02:00"),
                post.body());
        assertFalse(e.has("test"));

        assertEquals("application/json; charset=utf-8", post.headers().get("Content-Type"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                "sha256=" + HexFormat.of().formatHex(mac.doFinal(post.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, post.headers().get("X-Labwatch-Signature"));

        await().atMost(SOON).until(() -> lab.state(engine, "hook").pending() == 0);
        assertEquals(1, lab.state(engine, "hook").sent());
        assertEquals(1, lab.receiver.requests().size(), "nothing else was posted");
    }

    @Test
    void aRunFailingWithAStackTraceIsOneMessageNamingTheException() {
        lab.write("fit", b -> b.errorCount(2).errors(List.of(lab.error("retrying fit", null))));
        engine = lab.engine();
        lab.hook(engine, "hook", "events = failed, error");

        StringBuilder trace = new StringBuilder("java.lang.IllegalStateException: chi2 = 41.7 > 10\n");
        for (int i = 0; i < 200; i++) {
            trace.append("\tat org.lab.Fit.step")
                    .append(i)
                    .append("(Fit.java:")
                    .append(i)
                    .append(")\n");
        }
        lab.write(
                "fit",
                b -> lab.ended(RunState.FAILED, "fit diverged")
                        .apply(b.errorCount(3)
                                .errors(List.of(
                                        lab.error("retrying fit", null),
                                        lab.error("fit diverged", trace.toString())))));

        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        JsonNode e = lab.receiver.delivered().get(0).json();
        assertEquals("failed", e.path("event").asText());
        assertEquals(
                "fit diverged\njava.lang.IllegalStateException: chi2 = 41.7 > 10",
                e.path("message").asText());
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 1);
    }

    @Test
    void aStaleRunThenRecoveredTellsBothOnce() {
        lab.write("sweep", b -> b.message("step 4"));
        engine = lab.engine();
        lab.hook(engine, "hook");

        lab.clock.shift(Duration.ofSeconds(90)); // silent for 90 s, stale after 30 s
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        JsonNode stale = lab.receiver.events().get(0);
        assertEquals("stale", stale.path("event").asText());
        assertEquals("stale", stale.path("state").asText());
        assertTrue(stale.path("message").asText().startsWith("no sign of life for 1 min"), stale.toString());
        assertTrue(stale.path("message").asText().endsWith("last message: step 4"), stale.toString());

        lab.write("sweep", b -> b.message("step 5")); // alive again
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 2);
        JsonNode back = lab.receiver.events().get(1);
        assertEquals("recovered", back.path("event").asText());
        assertEquals("running", back.path("state").asText());
        assertEquals("alive again after 1 min of silence", back.path("message").asText());
        await().during(Duration.ofSeconds(1))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 2);
    }

    @Test
    void aThousandErrorsInAMinuteAreAHandfulOfMessagesCountingThemAll() {
        lab.write("noisy", b -> b);
        engine = lab.engine();
        lab.hook(engine, "hook", "events = error, failed");

        for (int i = 1; i <= 1000; i++) {
            int n = i;
            lab.clock.shift(Duration.ofMillis(60)); // a minute of errors
            lab.write("noisy", b -> b.errorCount(n).errors(List.of(lab.error("glitch " + n, null))));
        }
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        JsonNode first = lab.receiver.events().get(0);
        assertEquals("error", first.path("event").asText());

        lab.clock.shift(Duration.ofMinutes(10)); // the error window ends: one summary of the rest
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 2);
        JsonNode summary = lab.receiver.events().get(1);
        assertEquals("glitch 1000", summary.path("message").asText());
        assertEquals(
                1000,
                first.path("count").asInt() + summary.path("count").asInt(),
                lab.receiver.eventLines().toString());

        lab.write("noisy", b -> lab.ended(RunState.FAILED, "gave up").apply(b.errorCount(1001)));
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 3);
        assertEquals("failed", lab.receiver.events().get(2).path("event").asText());
        await().during(Duration.ofSeconds(1))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 3);
    }

    @Test
    void fiftyRunsFailingWithinASecondArriveAsOneMessageListingThem() {
        for (int i = 0; i < 50; i++) {
            lab.write("run" + i, b -> b);
        }
        engine = lab.engine();
        lab.hook(engine, "hook", "groupSeconds = 2");
        for (int i = 0; i < 50; i++) {
            lab.write("run" + i, lab.ended(RunState.FAILED, "fridge warmed up"));
        }
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 50);
        assertEquals(1, lab.receiver.requests().size(), "one POST for the fifty");
        assertTrue(lab.receiver.delivered().get(0).json().isArray());
    }

    @Test
    void runsThatEndedBeforeTheChannelWasConfiguredNeverNotify() {
        lab.write("old", lab.ended(RunState.COMPLETED, "long ago"));
        lab.write("also_old", lab.ended(RunState.FAILED, "long ago"));
        lab.write("going", b -> b);
        lab.clock.shift(Duration.ofSeconds(5));
        engine = lab.engine();
        lab.hook(engine, "hook");
        lab.write(
                "going",
                lab.ended(RunState.INTERRUPTED, "Run closed without complete() or fail(): marked interrupted"));
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        assertEquals(List.of("interrupted going"), lab.receiver.eventLines());
        await().during(Duration.ofSeconds(1))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 1);
    }

    @Test
    void rulesChooseEventsExperimentsAndLongEnoughRuns() {
        lab.write("calibration", b -> b);
        lab.write("other", b -> b);
        lab.newRun("long_cal", Duration.ofMinutes(10));
        lab.write("long_cal", b -> b);
        engine = lab.engine();
        lab.hook(engine, "hook", "experiments = cal*, long_*", "minDurationSeconds = 300", "events = completed");

        lab.write("other", lab.ended(RunState.COMPLETED, "not mine"));
        lab.write("calibration", lab.ended(RunState.COMPLETED, "too short"));
        lab.write("long_cal", lab.ended(RunState.COMPLETED, "long enough"));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        assertEquals(List.of("completed long_cal"), lab.receiver.eventLines());
        await().during(Duration.ofSeconds(1))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().size() == 1);
    }

    @Test
    void quietHoursHoldDeliveriesUntilTheyEnd() {
        lab.clock.set(java.time.ZonedDateTime.of(2025, 3, 4, 23, 0, 0, 0, lab.clock.getZone())
                .toInstant());
        lab.write("night_run", b -> b);
        engine = lab.engine();
        lab.hook(engine, "hook", "quietHours = 22:00-07:00");
        lab.write("night_run", lab.ended(RunState.COMPLETED, "done at night"));
        await().atMost(SOON).until(() -> lab.state(engine, "hook").pending() == 1);
        assertEquals("quiet", lab.state(engine, "hook").status());
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.requests().isEmpty());

        lab.clock.set(java.time.ZonedDateTime.of(2025, 3, 5, 7, 0, 1, 0, lab.clock.getZone())
                .toInstant());
        await().atMost(SOON).until(() -> lab.receiver.delivered().size() == 1);
        assertEquals(List.of("completed night_run"), lab.receiver.eventLines());
        assertEquals("active", lab.state(engine, "hook").status());
    }
}

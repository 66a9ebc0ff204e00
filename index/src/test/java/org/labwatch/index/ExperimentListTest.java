package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.ExperimentPage;
import org.labwatch.spi.ExperimentQuery;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;

/**
 * The list keeps sorted rows between requests and builds summaries for a page only; every page it
 * answers must still be the one that building, filtering and sorting every summary gives (the way
 * lists were made before, kept here as the reference), also after runs are added, changed and
 * removed between requests, and as running runs turn stale with the clock.
 */
class ExperimentListTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Path DIR = Path.of("/data/monitoring/status");
    private static final Path OTHER_DIR = Path.of("/extra");
    private static final List<String> SORTS = List.of(
            "updated",
            "-updated",
            "name",
            "-name",
            "id",
            "-id",
            "state",
            "-state",
            "progress",
            "-progress",
            "started",
            "-started");

    private final Random random = new Random(42);
    private final Staleness staleness = Staleness.DEFAULT;

    @Test
    void everyPageIsTheOneSortingEverySummaryGivesAcrossChangesAndTime() {
        StatusSnapshot snapshot = new StatusSnapshot();
        List<StatusReading> current = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StatusReading r = reading(i);
            current.add(r);
            snapshot.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, r));
        }
        ExperimentList list = new ExperimentList();
        Summaries summaries = new Summaries(staleness);
        for (int round = 0; round < 12; round++) {
            Instant now = NOW.plus(Duration.ofSeconds(round * 20L));
            for (String sort : SORTS) {
                for (ExperimentQuery q : queries(sort)) {
                    ExperimentPage got = list.page(snapshot.sorted(), List.of(DIR), q, summaries, now);
                    ExperimentPage want = reference(snapshot.sorted(), List.of(DIR), q, now);
                    assertEquals(want, got, "round " + round + ", " + q);
                }
            }
            // between rounds: some runs change, some go, some come
            for (int k = 0; k < 15; k++) {
                int i = random.nextInt(current.size());
                StatusReading changed = reading(random.nextInt(1000));
                StatusReading moved = new StatusReading(
                        current.get(i).file(),
                        current.get(i).id(),
                        changed.status(),
                        changed.problem(),
                        changed.modified(),
                        changed.size() + 1);
                current.set(i, moved);
                snapshot.statusChanged(new StatusEvent(StatusEvent.Kind.CHANGED, moved));
            }
            for (int k = 0; k < 5; k++) {
                StatusReading gone = current.remove(random.nextInt(current.size()));
                snapshot.statusChanged(new StatusEvent(StatusEvent.Kind.REMOVED, gone));
                StatusReading added = reading(1000 + round * 10 + k);
                current.add(added);
                snapshot.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, added));
            }
        }
    }

    @Test
    void textIsMatchedWithoutRegardToCaseBeyondAscii() {
        assertEquals(true, ExperimentList.contains("Qubit_Rabi", "rabi"));
        assertEquals(true, ExperimentList.contains("Messung_ÄÖÜ", "äö"));
        assertEquals(false, ExperimentList.contains("abc", "abcd"));
        assertEquals(true, ExperimentList.contains("abc", ""));
        assertEquals(false, ExperimentList.contains(null, "a"));
    }

    private List<ExperimentQuery> queries(String sort) {
        return List.of(
                new ExperimentQuery(List.of(), "", sort, 0, 50),
                new ExperimentQuery(List.of(), "", sort, 120, 50),
                new ExperimentQuery(List.of(), "", sort, 299, 1000),
                new ExperimentQuery(List.of("completed"), "", sort, 10, 20),
                new ExperimentQuery(List.of("stale", "running"), "", sort, 0, 100),
                new ExperimentQuery(List.of("unreadable", "failed"), "", sort, 0, 100),
                new ExperimentQuery(List.of(), "run_01", sort, 0, 100),
                new ExperimentQuery(List.of(), "calib", sort, 5, 30),
                new ExperimentQuery(List.of(), "Rabi", sort, 0, 30),
                // never across fields: "run_0010" then "calibration"
                new ExperimentQuery(List.of(), "0\ncalib", sort, 0, 30),
                new ExperimentQuery(List.of("completed"), "step 3", sort, 0, 100));
    }

    /** Run {@code i}: states, times, names (some upper case, some alike), steps, bars and unreadable files vary. */
    private StatusReading reading(int i) {
        Path dir = i % 11 == 0 ? OTHER_DIR : DIR;
        String id = String.format(Locale.ROOT, "run_%04d", i % 7 == 0 ? i / 2 : i);
        Path file = dir.resolve(id + "_status.json");
        Instant modified = NOW.minusSeconds(random.nextInt(4000));
        if (i % 13 == 0) {
            return StatusReading.unreadable(file, id, "truncated JSON", i % 26 == 0 ? null : modified, 10);
        }
        RunState[] states = {RunState.RUNNING, RunState.COMPLETED, RunState.FAILED, RunState.INTERRUPTED};
        RunState state = states[random.nextInt(states.length)];
        OffsetDateTime last = OffsetDateTime.ofInstant(NOW.minusSeconds(random.nextInt(120)), ZoneOffset.UTC);
        String[] names = {"Calibration", "calibration", "Qubit rabi", "T1 sweep", id};
        int step = random.nextInt(5);
        List<StepRecord> steps = new ArrayList<>();
        for (int s = 1; s <= step; s++) {
            steps.add(new StepRecord("step " + s, s, last.minusSeconds(10 - s), null, null));
        }
        ExperimentStatus.Builder b = ExperimentStatus.builder(names[random.nextInt(names.length)])
                .status(state)
                .startTime(random.nextInt(5) == 0 ? null : last.minusMinutes(random.nextInt(60)))
                .lastUpdate(last)
                .heartbeat(random.nextBoolean() ? last : null)
                .currentStep(step)
                .totalSteps(random.nextInt(3) == 0 ? 0 : 5)
                .progressPercent(step * 20.0)
                .steps(steps);
        return new StatusReading(file, id, b.build(), null, modified, 1000 + i);
    }

    // ---- the reference: how lists were made before rows were kept ----

    private record Row(ExperimentSummary summary, Instant updated, Instant started) {}

    private ExperimentPage reference(
            List<StatusReading> readings, List<Path> statusDirs, ExperimentQuery query, Instant now) {
        String q = query.text();
        Map<String, Integer> counts = new LinkedHashMap<>();
        ExperimentSummary.STATES.forEach(s -> counts.put(s, 0));
        List<Row> rows = new ArrayList<>();
        for (StatusReading r : readings) {
            ExperimentSummary s = SummaryOf.of(r, staleness, now);
            counts.merge(s.state(), 1, Integer::sum);
            if ((query.states().isEmpty() || query.states().contains(s.state())) && matches(s, q)) {
                Instant updated = r.readable() && Liveness.lastSignOfLife(r.status()) != null
                        ? Liveness.lastSignOfLife(r.status()).toInstant()
                        : r.modified();
                Instant started = r.readable() && r.status().startTime() != null
                        ? r.status().startTime().toInstant()
                        : null;
                rows.add(new Row(s, updated, started));
            }
        }
        rows.sort(order(query.sort()));
        List<ExperimentSummary> page = new ArrayList<>();
        for (int i = query.offset(); i < rows.size() && page.size() < query.limit(); i++) {
            page.add(rows.get(i).summary());
        }
        return new ExperimentPage(
                rows.size(),
                query.offset(),
                query.limit(),
                query.sort(),
                query.states(),
                q,
                counts,
                page,
                statusDirs.stream().map(Path::toString).toList());
    }

    private static boolean matches(ExperimentSummary s, String q) {
        return q.isEmpty() || contains(s.id(), q) || contains(s.name(), q) || contains(s.stepName(), q);
    }

    private static boolean contains(String text, String q) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(q);
    }

    private static Comparator<Row> order(String sort) {
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        Comparator<Row> byId = Comparator.comparing(r -> r.summary().id());
        Comparator<Row> c = switch (key) {
            case "id" -> byId;
            case "name" -> Comparator.comparing((Row r) -> r.summary().name().toLowerCase(Locale.ROOT));
            case "updated" -> Comparator.comparing(Row::updated, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "started" -> Comparator.comparing(Row::started, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "state" ->
                Comparator.comparingInt(
                        r -> ExperimentSummary.STATES.indexOf(r.summary().state()));
            case "progress" ->
                Comparator.comparing(r -> r.summary().percent(), Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> throw new IllegalArgumentException(sort);
        };
        return (descending ? c.reversed() : c).thenComparing(byId);
    }
}

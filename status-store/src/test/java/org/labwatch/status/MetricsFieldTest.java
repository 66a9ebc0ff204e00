package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MetricSummary;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;

/** The status {@code metrics} array as docs/status-format.md and docs/metrics.md describe it. */
class MetricsFieldTest {

    @TempDir
    Path dir;

    private final StatusStore store = new JsonStatusStore();

    private static final OffsetDateTime T =
            OffsetDateTime.of(2026, 12, 4, 20, 15, 3, 125_000_000, ZoneOffset.ofHours(1));

    @Test
    void writtenAsDocumentedAndReadBackEqual() throws Exception {
        List<MetricSummary> metrics = List.of(
                new MetricSummary("T1_us", 812, 45.2, 811, 38.0, 51.7, T),
                new MetricSummary("fit/chi2", 3, Double.NaN, 2, 1.0E-5, 1.03, T.plusSeconds(1)),
                new MetricSummary("diverging", 1, Double.POSITIVE_INFINITY, -7, null, null, T.plusSeconds(2)),
                new MetricSummary("falling", 2, Double.NEGATIVE_INFINITY, Long.MAX_VALUE, -3.0, -3.0, T));
        ExperimentStatus s = ExperimentStatus.builder("rabi")
                .startTime(T)
                .logFile("rabi_20261204_201503.log")
                .metrics(metrics)
                .build();
        Path file = dir.resolve("rabi_status.json");
        store.write(file, s);

        StatusReading r = store.read(file);
        assertTrue(r.readable(), r.problem());
        assertEquals(s, r.status());
        assertEquals(metrics, r.status().metrics());
        assertEquals(metrics, store.list(List.of(dir)).get(0).status().metrics(), "the list view keeps them");

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        JsonNode first = json.get("metrics").get(0);
        assertEquals(
                List.of("name", "count", "last", "last_step", "min", "max", "updated"), iterable(first.fieldNames()));
        assertEquals("T1_us", first.get("name").asText());
        assertEquals(812, first.get("count").asLong());
        assertTrue(first.get("last").isNumber());
        assertEquals(45.2, first.get("last").asDouble());
        assertEquals(811, first.get("last_step").asLong());
        assertEquals("2026-12-04T20:15:03.125+01:00", first.get("updated").asText());
        assertEquals("NaN", json.get("metrics").get(1).get("last").textValue());
        assertEquals("Infinity", json.get("metrics").get(2).get("last").textValue());
        assertEquals("-Infinity", json.get("metrics").get(3).get("last").textValue());
        assertFalse(json.get("metrics").get(2).has("min"), "absent while there is no finite value");
        assertFalse(json.get("metrics").get(2).has("max"));
        assertEquals(Long.MAX_VALUE, json.get("metrics").get(3).get("last_step").asLong());
        List<String> fields = iterable(json.fieldNames());
        assertEquals("metrics", fields.get(fields.size() - 1), "after the other additions: " + fields);
    }

    @Test
    void aStatusWithoutMetricsHasAnEmptyArrayAndTheOldConstructorStillBuildsOne() throws Exception {
        ExperimentStatus old = new ExperimentStatus(
                1, "old", T, T, 0, 0, 0, null, null, null, null, null, null, null, null, null, null, null, 0, 0, null);
        assertEquals(List.of(), old.metrics());
        Path file = dir.resolve("old_status.json");
        store.write(file, old);
        assertEquals(
                0, new ObjectMapper().readTree(file.toFile()).get("metrics").size());
        assertEquals(old, store.read(file).status());
    }

    @Test
    void lenientAboutOtherWritersMetrics() throws Exception {
        Path file = Files.writeString(dir.resolve("py_status.json"), """
                {"experiment_name": "py", "status": "running",
                 "metrics": [
                   {"name": "bare", "count": 2, "last": NaN, "last_step": 1, "min": 1.5, "max": Infinity},
                   {"name": "strings", "count": "4", "last": "-Infinity", "last_step": "3", "min": "2", "max": "7.5"},
                   {"count": 9, "last": 1},
                   "not an object",
                   {"name": "sparse"}
                 ]}
                """);
        StatusReading r = store.read(file);
        assertTrue(r.readable(), r.problem());
        List<MetricSummary> m = r.status().metrics();
        assertEquals(3, m.size(), m.toString());
        assertEquals(new MetricSummary("bare", 2, Double.NaN, 1, 1.5, Double.POSITIVE_INFINITY, null), m.get(0));
        assertEquals(new MetricSummary("strings", 4, Double.NEGATIVE_INFINITY, 3, 2.0, 7.5, null), m.get(1));
        MetricSummary sparse = m.get(2);
        assertEquals(0, sparse.count());
        assertTrue(Double.isNaN(sparse.last()));
        assertNull(sparse.min());
        assertNull(sparse.updated());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

package org.labwatch.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.labwatch.api.Liveness;
import org.labwatch.spi.ExperimentPage;
import org.labwatch.spi.ExperimentQuery;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.StatusReading;

/**
 * Summaries filtered by state and text, sorted and paged. Sorting and filtering happen here, not in
 * a page or a shell, so that they hold across pages when there are thousands of runs.
 */
final class ExperimentList {

    private record Row(ExperimentSummary summary, Instant updated, Instant started) {
    }

    private ExperimentList() {
    }

    static ExperimentPage page(List<StatusReading> readings, List<Path> statusDirs, ExperimentQuery query,
                               Summaries summaries, Instant now) {
        String q = query.text();
        Map<String, Integer> counts = new LinkedHashMap<>();
        ExperimentSummary.STATES.forEach(s -> counts.put(s, 0));
        List<Row> rows = new ArrayList<>(readings.size());
        for (StatusReading r : readings) {
            ExperimentSummary s = summaries.of(r, now);
            counts.merge(s.state(), 1, Integer::sum);
            if ((query.states().isEmpty() || query.states().contains(s.state())) && matches(s, q)) {
                Instant updated = r.readable() && Liveness.lastSignOfLife(r.status()) != null
                        ? Liveness.lastSignOfLife(r.status()).toInstant() : r.modified();
                Instant started = r.readable() && r.status().startTime() != null ? r.status().startTime().toInstant() : null;
                rows.add(new Row(s, updated, started));
            }
        }
        rows.sort(order(query.sort()));
        List<ExperimentSummary> page = new ArrayList<>(Math.min(query.limit(), rows.size()));
        for (int i = query.offset(); i < rows.size() && page.size() < query.limit(); i++) {
            page.add(rows.get(i).summary());
        }
        return new ExperimentPage(rows.size(), query.offset(), query.limit(), query.sort(), query.states(), q, counts,
                page, statusDirs.stream().map(Path::toString).toList());
    }

    private static boolean matches(ExperimentSummary s, String q) {
        return q.isEmpty() || contains(s.id(), q) || contains(s.name(), q) || contains(s.stepName(), q);
    }

    private static boolean contains(String text, String q) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(q);
    }

    /** {@link ExperimentQuery} has checked the key. */
    private static Comparator<Row> order(String sort) {
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        Comparator<Row> byId = Comparator.comparing(r -> r.summary().id());
        Comparator<Row> c = switch (key) {
            case "id" -> byId;
            case "name" -> Comparator.comparing((Row r) -> r.summary().name().toLowerCase(Locale.ROOT));
            case "updated" -> Comparator.comparing(Row::updated, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "started" -> Comparator.comparing(Row::started, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "state" -> Comparator.comparingInt(r -> ExperimentSummary.STATES.indexOf(r.summary().state()));
            case "progress" -> Comparator.comparing(r -> r.summary().percent(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> throw new IllegalArgumentException("unknown sort '" + sort + "'");
        };
        return (descending ? c.reversed() : c).thenComparing(byId);
    }
}

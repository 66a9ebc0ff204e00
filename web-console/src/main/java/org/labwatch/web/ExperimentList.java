package org.labwatch.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.labwatch.api.Liveness;
import org.labwatch.spi.StatusReading;

/**
 * {@code GET /api/experiments}: summaries filtered ({@code ?state=running,stale}, {@code ?q=text}),
 * sorted ({@code ?sort=updated|name|id|state|progress|started}, {@code -} prefix for descending) and
 * paged ({@code ?offset=&limit=}). Sorting and filtering happen here, not in the page, so that they
 * hold across pages when there are thousands of runs.
 */
final class ExperimentList {

    static final int MAX_LIMIT = 1000;
    static final String DEFAULT_SORT = "-updated";

    /** What the page gets: one page, the total after filtering, counts per state before it. */
    record Page(int total, int offset, int limit, String sort, List<String> states, String q,
                Map<String, Integer> counts, List<Summary> experiments, List<String> statusDirectories) {
    }

    /** A request that cannot be answered as asked: a 400 with this message. */
    static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message);
        }
    }

    private record Row(Summary summary, Instant updated, Instant started) {
    }

    private ExperimentList() {
    }

    static Page page(List<StatusReading> readings, List<Path> statusDirs, Map<String, String> query, int defaultLimit,
                     Staleness staleness, Instant now) throws BadQuery {
        return page(readings, statusDirs, query, defaultLimit, new Summaries(staleness), now);
    }

    static Page page(List<StatusReading> readings, List<Path> statusDirs, Map<String, String> query, int defaultLimit,
                     Summaries summaries, Instant now) throws BadQuery {
        int offset = integer(query, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = integer(query, "limit", defaultLimit, 1, MAX_LIMIT);
        Set<String> states = states(query.get("state"));
        String q = query.getOrDefault("q", "").trim().toLowerCase(Locale.ROOT);
        String sort = query.getOrDefault("sort", DEFAULT_SORT).trim();
        Comparator<Row> order = order(sort);

        Map<String, Integer> counts = new LinkedHashMap<>();
        Summary.STATES.forEach(s -> counts.put(s, 0));
        List<Row> rows = new ArrayList<>(readings.size());
        for (StatusReading r : readings) {
            Summary s = summaries.of(r, now);
            counts.merge(s.state(), 1, Integer::sum);
            if ((states.isEmpty() || states.contains(s.state())) && matches(s, q)) {
                Instant updated = r.readable() && Liveness.lastSignOfLife(r.status()) != null
                        ? Liveness.lastSignOfLife(r.status()).toInstant() : r.modified();
                Instant started = r.readable() && r.status().startTime() != null ? r.status().startTime().toInstant() : null;
                rows.add(new Row(s, updated, started));
            }
        }
        rows.sort(order);
        List<Summary> page = new ArrayList<>(Math.min(limit, rows.size()));
        for (int i = offset; i < rows.size() && page.size() < limit; i++) {
            page.add(rows.get(i).summary());
        }
        return new Page(rows.size(), offset, limit, sort, List.copyOf(states), q, counts, page,
                statusDirs.stream().map(Path::toString).toList());
    }

    private static boolean matches(Summary s, String q) {
        return q.isEmpty() || contains(s.id(), q) || contains(s.name(), q) || contains(s.stepName(), q);
    }

    private static boolean contains(String text, String q) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(q);
    }

    private static Set<String> states(String text) throws BadQuery {
        Set<String> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String state = part.trim().toLowerCase(Locale.ROOT);
            if (state.isEmpty()) {
                continue;
            }
            if (!Summary.STATES.contains(state)) {
                throw new BadQuery("unknown state '" + part.trim() + "'; use one or more of " + String.join(", ", Summary.STATES));
            }
            out.add(state);
        }
        return out;
    }

    private static Comparator<Row> order(String sort) throws BadQuery {
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        Comparator<Row> byId = Comparator.comparing(r -> r.summary().id());
        Comparator<Row> c;
        switch (key) {
            case "id":
                c = byId;
                break;
            case "name":
                c = Comparator.comparing((Row r) -> r.summary().name().toLowerCase(Locale.ROOT));
                break;
            case "updated":
                c = Comparator.comparing(Row::updated, Comparator.nullsFirst(Comparator.naturalOrder()));
                break;
            case "started":
                c = Comparator.comparing(Row::started, Comparator.nullsFirst(Comparator.naturalOrder()));
                break;
            case "state":
                c = Comparator.comparingInt(r -> Summary.STATES.indexOf(r.summary().state()));
                break;
            case "progress":
                c = Comparator.comparing(r -> r.summary().percent(), Comparator.nullsFirst(Comparator.naturalOrder()));
                break;
            default:
                throw new BadQuery("unknown sort '" + sort + "'; use updated, name, id, state, progress or started,"
                        + " with '-' before it for descending");
        }
        return (descending ? c.reversed() : c).thenComparing(byId);
    }

    private static int integer(Map<String, String> query, String name, int otherwise, int min, int max) throws BadQuery {
        String text = query.get(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min) {
                throw new BadQuery(name + " must be at least " + min + ", got " + text.trim());
            }
            return (int) Math.min(v, max);
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a whole number, got '" + text + "'");
        }
    }
}

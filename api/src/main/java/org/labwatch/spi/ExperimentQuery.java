package org.labwatch.spi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which experiments to list and how: only these {@code states} (empty: all), whose id, name or step
 * name contains {@code text} (case-insensitive; empty: all), sorted by {@code sort} ({@code updated},
 * {@code name}, {@code id}, {@code state}, {@code progress} or {@code started}, {@code -} before it for
 * descending), from {@code offset}, at most {@code limit}.
 *
 * @since 2.0
 */
public record ExperimentQuery(List<String> states, String text, String sort, int offset, int limit) {

    /** The most a page may hold, whatever a request asks. */
    public static final int MAX_LIMIT = 1000;

    public static final String DEFAULT_SORT = "-updated";
    public static final List<String> SORT_KEYS = List.of("updated", "name", "id", "state", "progress", "started");

    /** @throws IllegalArgumentException naming what is wrong: an unknown state or sort key, a negative offset */
    public ExperimentQuery {
        states = List.copyOf(new LinkedHashSet<>(states));
        for (String s : states) {
            if (!ExperimentSummary.STATES.contains(s)) {
                throw new IllegalArgumentException(
                        "unknown state '" + s + "'; use one or more of " + String.join(", ", ExperimentSummary.STATES));
            }
        }
        text = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        sort = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.trim();
        if (!SORT_KEYS.contains(sort.startsWith("-") ? sort.substring(1) : sort)) {
            throw new IllegalArgumentException("unknown sort '" + sort + "'; use updated, name, id, state, progress or"
                    + " started, with '-' before it for descending");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0, got " + offset);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        limit = Math.min(limit, MAX_LIMIT);
    }

    /** Every experiment, newest update first, on one page of up to {@link #MAX_LIMIT}. */
    public static ExperimentQuery all() {
        return new ExperimentQuery(List.of(), "", DEFAULT_SORT, 0, MAX_LIMIT);
    }

    /**
     * A query from request parameters {@code state} (comma-separated), {@code q}, {@code sort},
     * {@code offset}, {@code limit}, as {@code /api/experiments} takes them.
     *
     * @throws IllegalArgumentException saying which parameter is wrong and why
     */
    public static ExperimentQuery parse(Map<String, String> parameters, int defaultLimit) {
        Set<String> states = new LinkedHashSet<>();
        String stateText = parameters.get("state");
        if (stateText != null) {
            for (String part : stateText.split(",")) {
                String state = part.trim().toLowerCase(Locale.ROOT);
                if (!state.isEmpty()) {
                    states.add(state); // the constructor refuses an unknown one
                }
            }
        }
        int offset = integer(parameters, "offset", 0, 0);
        int limit = integer(parameters, "limit", defaultLimit, 1);
        return new ExperimentQuery(
                List.copyOf(states), parameters.getOrDefault("q", ""), parameters.get("sort"), offset, limit);
    }

    private static int integer(Map<String, String> parameters, String name, int otherwise, int min) {
        String text = parameters.get(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + text.trim());
            }
            return (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'");
        }
    }
}

package org.labwatch.spi;

import java.util.List;
import java.util.Map;

/**
 * One page of the experiment list: {@code total} runs matched the query's filter, these are the ones
 * from {@code offset}, at most {@code limit}; {@code counts} has every state's count before filtering.
 *
 * @since 2.0
 */
public record ExperimentPage(
        int total,
        int offset,
        int limit,
        String sort,
        List<String> states,
        String q,
        Map<String, Integer> counts,
        List<ExperimentSummary> experiments,
        List<String> statusDirectories) {}

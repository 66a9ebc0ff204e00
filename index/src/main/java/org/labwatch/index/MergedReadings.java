package org.labwatch.index;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.StatusReading;

/**
 * Several sorted lists of readings as one, in the index's order, and the same list object as long
 * as each part is the same object: {@link ExperimentList} keeps its sorted views per list object,
 * so a merge made anew on every request would make every request sort again.
 */
final class MergedReadings {

    private List<List<StatusReading>> from = List.of();
    private List<StatusReading> merged = List.of();

    synchronized List<StatusReading> of(List<List<StatusReading>> parts) {
        if (!sameObjects(parts, from)) {
            List<StatusReading> all = new ArrayList<>();
            parts.forEach(all::addAll);
            all.sort(StatusSnapshot.ORDER);
            merged = List.copyOf(all);
            from = List.copyOf(parts);
        }
        return merged;
    }

    private static boolean sameObjects(List<List<StatusReading>> a, List<List<StatusReading>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}

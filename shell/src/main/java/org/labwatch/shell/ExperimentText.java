package org.labwatch.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.StatusReading;

/** How the shell says an experiment's state, step and age in one short line each. */
final class ExperimentText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExperimentText() {}

    /** The state by the index's one staleness rule, so the shell says what the dashboard says. */
    /** The index's state of the run (its one staleness rule, a source catching up included), as a list shows it. */
    static String state(StatusReading r, Instant now, ExperimentIndex index) {
        if (!r.readable()) {
            return "unreadable";
        }
        ExperimentSummary summary = index.summary(r, now);
        if (summary.stale()) {
            return "stale (silent " + Liveness.describe(Liveness.silence(r.status(), now)) + ")";
        }
        if (summary.behindBytes() != null && summary.behindBytes() > 0) {
            return r.status().status().jsonName() + ", catching up";
        }
        return r.status().status().jsonName();
    }

    static String step(ExperimentStatus s) {
        if (s.totalSteps() <= 0 && s.steps().isEmpty()) {
            return "-";
        }
        String name = s.steps().isEmpty()
                ? ""
                : " " + s.steps().get(s.steps().size() - 1).name();
        return s.currentStep() + "/" + s.totalSteps() + name;
    }

    static String percent(ExperimentStatus s) {
        return String.format(Locale.ROOT, "%.1f%%", s.progressPercent());
    }

    static String when(OffsetDateTime t) {
        return t == null ? "-" : WHEN.format(t.atZoneSameInstant(java.time.ZoneId.systemDefault()));
    }

    static String ago(OffsetDateTime t, Instant now) {
        if (t == null) {
            return "-";
        }
        Duration d = Duration.between(t.toInstant(), now);
        return d.isNegative() ? when(t) : Liveness.describe(d) + " ago";
    }

    /** The one line for an experiment nobody has: names what exists so a typo is easy to see. */
    static IllegalArgumentException unknown(String id, ExperimentIndex index) {
        List<String> known =
                index.experiments().stream().map(StatusReading::id).limit(10).collect(Collectors.toList());
        return new IllegalArgumentException("no experiment '" + id + "' in " + index.statusDirectories()
                + (known.isEmpty()
                        ? ""
                        : "; known: " + String.join(", ", known)
                                + (index.experiments().size() > known.size() ? ", ..." : "")));
    }
}

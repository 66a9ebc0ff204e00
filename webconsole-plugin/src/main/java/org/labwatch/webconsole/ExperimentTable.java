package org.labwatch.webconsole;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Liveness;
import org.labwatch.api.StepRecord;
import org.labwatch.spi.Html;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusReading;

/**
 * The experiment list as an HTML fragment inside the console's page: the columns of the
 * dashboard's list (state with stale, step, percent, last update, errors), newest sign of life
 * first, each name linking to the dashboard's experiment page. Every string from a status file
 * goes through {@link Html#escape}.
 */
final class ExperimentTable {

    /** The console renders the whole table at once; past this many rows the dashboard's paging is the better view. */
    static final int MAX_ROWS = 1000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

    private final Staleness staleness;

    /** {@code staleness}: the index's rule, so that this page calls the same runs stale as the dashboard. */
    ExperimentTable(Staleness staleness) {
        this.staleness = staleness;
    }

    private record Row(StatusReading reading, Instant updated) {}

    String render(List<StatusReading> readings, List<Path> statusDirs, Instant now) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<p class=\"statline\">")
                .append(readings.size())
                .append(readings.size() == 1 ? " experiment" : " experiments")
                .append(" in ")
                .append(Html.escape(String.join(
                        ", ", statusDirs.stream().map(Path::toString).toList())))
                .append(" &middot; <a href=\"/\">open the labwatch dashboard</a></p>\n");
        if (readings.isEmpty()) {
            out.append("<p>No status files found. labwatch shows <code>&lt;name&gt;_status.json</code> files from the"
                    + " directories above; set <code>dataDir</code> or <code>statusDirs</code> in"
                    + " <code>etc/org.labwatch.index.cfg</code> if the experiments write elsewhere.</p>\n");
            return out.toString();
        }
        List<Row> rows = new ArrayList<>(readings.size());
        for (StatusReading r : readings) {
            rows.add(new Row(r, updated(r)));
        }
        rows.sort(Comparator.comparing(Row::updated, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(row -> row.reading().id()));
        if (rows.size() > MAX_ROWS) {
            out.append("<p>The ")
                    .append(MAX_ROWS)
                    .append(" most recently updated are shown; the dashboard pages" + " through all of them.</p>\n");
        }
        out.append("<table class=\"tablesorter nicetable\" id=\"labwatch-experiments\">\n<thead><tr>"
                + "<th>Experiment</th><th>State</th><th>Step</th><th>Progress</th><th>Last update</th><th>Errors</th>"
                + "</tr></thead>\n<tbody>\n");
        for (Row row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            row(out, row.reading(), now);
        }
        out.append("</tbody>\n</table>\n");
        return out.toString();
    }

    private void row(StringBuilder out, StatusReading r, Instant now) {
        out.append("<tr><td><a href=\"/#/experiment/")
                .append(Html.escape(fragment(r.id())))
                .append("\">");
        if (!r.readable()) {
            out.append(Html.escape(r.id()))
                    .append("</a></td><td>unreadable: ")
                    .append(Html.escape(r.problem()))
                    .append("</td><td></td><td></td><td>")
                    .append(Html.escape(ago(r.modified(), now)))
                    .append("</td><td></td></tr>\n");
            return;
        }
        ExperimentStatus s = r.status();
        out.append(Html.escape(s.experimentName())).append("</a>");
        if (!s.experimentName().equals(r.id())) {
            out.append(" <small>(").append(Html.escape(r.id())).append(")</small>");
        }
        out.append("</td><td>").append(Html.escape(state(s, now))).append("</td><td>");
        if (s.totalSteps() > 0 || s.currentStep() > 0) {
            out.append(s.currentStep()).append('/').append(s.totalSteps());
        }
        String step = stepName(s);
        if (step != null) {
            out.append(' ').append(Html.escape(step));
        }
        out.append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1f %%", s.progressPercent()))
                .append("</td><td>")
                .append(Html.escape(ago(s.lastUpdate() != null ? s.lastUpdate().toInstant() : r.modified(), now)))
                .append("</td><td>")
                .append(s.errorCount())
                .append("</td></tr>\n");
    }

    /** As the dashboard says it: a running experiment without a recent sign of life is stale, never plainly running. */
    String state(ExperimentStatus s, Instant now) {
        if (staleness.isStale(s, now)) {
            return "stale: no sign of life for " + Liveness.describe(Liveness.silence(s, now));
        }
        return s.status().jsonName();
    }

    private static Instant updated(StatusReading r) {
        OffsetDateTime t = r.readable() ? Liveness.lastSignOfLife(r.status()) : null;
        return t != null ? t.toInstant() : r.modified();
    }

    /** The latest step with the current number, else the latest step, as on the dashboard. */
    private static String stepName(ExperimentStatus s) {
        List<StepRecord> steps = s.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).stepNumber() == s.currentStep()) {
                return steps.get(i).name();
            }
        }
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
    }

    private static String ago(Instant t, Instant now) {
        if (t == null) {
            return "";
        }
        String when = TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        Duration d = Duration.between(t, now);
        return d.isNegative() ? when : when + " (" + Liveness.describe(d) + " ago)";
    }

    /** The id as the dashboard's {@code #/experiment/<id>} route reads it back with decodeURIComponent. */
    static String fragment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

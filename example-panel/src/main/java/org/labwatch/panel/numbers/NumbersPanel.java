package org.labwatch.panel.numbers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.api.MessageRecord;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.Html;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;
import org.osgi.service.component.annotations.Component;

/**
 * "Numbers in messages": every {@code name = value unit} or {@code name: value unit} the run
 * logged (a fit's {@code T1 = 45.2 us}, {@code fidelity: 0.987}), one row per name with its
 * latest value, how often it was seen and its range, among the messages the status keeps.
 *
 * <p>The pattern for a lab's own panel: one DS component providing {@link DashboardPanel}, in a
 * bundle that imports only {@code org.labwatch.api} and {@code org.labwatch.spi}. Dropped into
 * Karaf's {@code deploy/}, it appears on open experiment pages; removed, it goes.
 */
@Component(name = "org.labwatch.panel.numbers", service = DashboardPanel.class)
public final class NumbersPanel implements DashboardPanel {

    private static final Pattern VALUE = Pattern.compile(
            "(?<![\\w.])([A-Za-z][A-Za-z0-9_()./* -]{0,40}?)\\s*(?:=|:)\\s*([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)"
                    // not a count (20/60 points), a clock time (12:30) or a version (1.2.3)
                    + "(?![\\d/:]|\\.\\d)"
                    // units from a short list, so that the word after a bare number (0.987 for q0) is not one
                    + "(?:\\s*((?:[pnuµμmkMG]?(?:Hz|s|V|A|K|W|T|F|H|Ω))|dBm|dB|%|°C|rad|deg|ohm|ppm)(?!\\w))?");
    private static final int MAX_ROWS = 50;

    record Row(String name, String unit, double latest, double min, double max, int count) {
        Row with(double value, String newUnit) {
            return new Row(name, newUnit, value, Math.min(min, value), Math.max(max, value), count + 1);
        }
    }

    @Override
    public String id() {
        return "numbers";
    }

    @Override
    public String title() {
        return "Numbers in messages";
    }

    @Override
    public int order() {
        return 350; // after the messages they come from, before the errors
    }

    @Override
    public boolean appliesTo(StatusReading experiment) {
        return experiment.readable() && !rows(experiment.status().messages()).isEmpty();
    }

    @Override
    public PanelContent content(StatusReading experiment) {
        List<Row> rows = rows(experiment.status().messages());
        StringBuilder html =
                new StringBuilder("<table><thead><tr><th>Name</th><th>Latest</th><th>Unit</th><th>Seen</th>"
                        + "<th>Min</th><th>Max</th></tr></thead><tbody>");
        for (Row r : rows) {
            html.append("<tr><td>")
                    .append(Html.escape(r.name()))
                    .append("</td><td class=\"num\">")
                    .append(number(r.latest()))
                    .append("</td><td>")
                    .append(Html.escape(r.unit()))
                    .append("</td><td class=\"num\">")
                    .append(r.count())
                    .append("</td><td class=\"num\">")
                    .append(number(r.min()))
                    .append("</td><td class=\"num\">")
                    .append(number(r.max()))
                    .append("</td></tr>");
        }
        return PanelContent.html(html.append("</tbody></table>").toString());
    }

    /** Rows by name in order of first appearance, at most {@value #MAX_ROWS}; messages are oldest first. */
    static List<Row> rows(List<MessageRecord> messages) {
        Map<String, Row> byName = new LinkedHashMap<>();
        for (MessageRecord m : messages) {
            if (m.message() == null) {
                continue; // a hand-written or seed file may have an entry without text
            }
            Matcher v = VALUE.matcher(m.message());
            while (v.find()) {
                String name = v.group(1).trim();
                String unit = v.group(3) == null ? "" : v.group(3);
                double value;
                try {
                    value = Double.parseDouble(v.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                Row known = byName.get(name);
                if (known != null) {
                    byName.put(name, known.with(value, unit));
                } else if (byName.size() < MAX_ROWS) {
                    byName.put(name, new Row(name, unit, value, value, value, 1));
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static String number(double d) {
        java.math.BigDecimal six = java.math.BigDecimal.valueOf(d)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros();
        double a = Math.abs(d);
        return a == 0 || (a >= 1e-4 && a < 1e9) ? six.toPlainString() : six.toString();
    }
}

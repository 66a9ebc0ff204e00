package org.labwatch.panel.numbers;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.api.MessageRecord;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;
import org.osgi.service.component.annotations.Component;

/**
 * The numeric values a run reported in its messages ({@code T1 = 45.2 us}, {@code fidelity: 0.987}),
 * the latest of each name, as a table on the experiment page between Messages and Errors.
 *
 * <p>This is the pattern for a lab's own panel: one DS component implementing {@link DashboardPanel},
 * reading only what the dashboard hands it (the experiment's status, from the public API), answering
 * JSON that its own script ({@code numbers.js}, next to this class) draws. Build the jar and drop it
 * into the server's {@code deploy/}; open pages show the panel within a second, and lose it again
 * when the jar is deleted.
 *
 * <p>Only the run's recent messages are in its status (the log file has all of them), so a value
 * reported once long ago can drop out of the table.
 */
@Component(name = "org.labwatch.panel.numbers", service = DashboardPanel.class)
public final class NumbersPanel implements DashboardPanel {

    static final String ID = "numbers";

    /**
     * A name of one to three words ({@code T1}, {@code qubit frequency}, {@code pi-pulse gain}), {@code =} or {@code :}, a number
     * that is not part of a version, address, clock time or count ({@code 1.2.3}, {@code 12:30},
     * {@code 20/60}), then perhaps a unit. Units come from a short list so that the word after a bare
     * number ({@code fidelity: 0.98 after fit}) is not taken for one.
     */
    private static final Pattern VALUE = Pattern.compile(
            "(?<![\\w.-])([A-Za-z][\\w.-]{0,19}(?: [A-Za-z][\\w.-]{0,19}){0,2})\\s*[=:]\\s*"
                    + "([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)(?![\\d:]|[./]\\d)"
                    + "(?:\\s?((?:[pnuµμmkMG]?(?:Hz|s|V|A|K|W|T|Ω))|dBm|dB|%|°C|rad|deg|ohm)(?!\\w))?");
    /** A run that prints a thousand different names is not helped by a thousand rows. */
    static final int MAX_ROWS = 100;

    private record Value(String number, String unit, String time) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Reported values";
    }

    @Override
    public int order() {
        return 350;
    }

    @Override
    public PanelContent content(StatusReading experiment) {
        // Rows keep the order in which names first appeared, so a value changing does not move its row.
        Map<String, Value> latest = new LinkedHashMap<>();
        for (MessageRecord m : experiment.status().messages()) {
            if (m.message() == null) {
                continue;
            }
            Matcher v = VALUE.matcher(m.message());
            while (v.find()) {
                if (latest.size() < MAX_ROWS || latest.containsKey(v.group(1))) {
                    latest.put(v.group(1), new Value(v.group(2), v.group(3),
                            m.timestamp() == null ? null : m.timestamp().toString()));
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"values\":[");
        latest.forEach((name, value) -> {
            if (json.charAt(json.length() - 1) == '}') {
                json.append(',');
            }
            json.append("{\"name\":").append(quote(name)).append(",\"value\":").append(quote(value.number()))
                    .append(",\"unit\":").append(quote(value.unit())).append(",\"time\":").append(quote(value.time()))
                    .append('}');
        });
        return PanelContent.json(json.append("]}").toString());
    }

    @Override
    public URL script() {
        return NumbersPanel.class.getResource("numbers.js");
    }

    /** A JSON string (or null); the names and units matched above need no escaping, a lab's copy may. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

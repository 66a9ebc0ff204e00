package org.labwatch.web.panels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/**
 * The experiment page's sections: the page's own and every bound {@link DashboardPanel}, in order,
 * with each panel's content for one experiment ({@code GET /api/panels?experiment=<id>}, with the
 * {@code html_rules} the page applies to HTML content) and its
 * script ({@code GET /api/panels/<id>/script.js}). A panel that throws, answers bad JSON or has a
 * bad id shows as an error in its own place and never breaks the page or the other panels.
 */
public final class PanelBoard {

    private static final System.Logger LOG = System.getLogger(PanelBoard.class.getName());
    private static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
    private static final int MAX_SCRIPT_BYTES = 1 << 20;
    private static final Comparator<DashboardPanel> ORDER =
            Comparator.comparingInt(DashboardPanel::order).thenComparing(DashboardPanel::id);

    /** Ids only the page's own sections may have: a lab's panel cannot replace one of them. */
    private static final java.util.Set<String> PAGE_IDS =
            PageSection.ALL.stream().map(DashboardPanel::id).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final List<DashboardPanel> bound = new CopyOnWriteArrayList<>();
    /** Panel failures already logged in full: a page polling a broken panel must not flood karaf.log. */
    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Consumer<String> changed;

    /** @param changed told the id of a panel that came or went, so open pages can redraw */
    public PanelBoard(Consumer<String> changed) {
        this.changed = changed;
    }

    public void add(DashboardPanel panel) {
        String id = safeId(panel);
        if (id == null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "dashboard panel " + panel.getClass().getName() + " ignored: its id '" + safeCall(panel::id)
                            + "' is not lower-case letters, digits and dashes (at most 40)");
            return;
        }
        if (PAGE_IDS.contains(id) && !(panel instanceof PageSection)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "dashboard panel " + panel.getClass().getName() + " ignored: '" + id
                            + "' is one of the page's own sections " + PAGE_IDS + "; give it another id");
            return;
        }
        bound.add(panel);
        changed.accept(id);
    }

    public void remove(DashboardPanel panel) {
        if (bound.remove(panel)) {
            changed.accept(safeCall(panel::id));
        }
    }

    public Reply answer(ApiRequest request, ExperimentIndex index) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.error(405, "only GET and HEAD are answered here").header("Allow", "GET, HEAD");
        }
        String path = request.rawPath();
        if (path.equals("/api/panels") || path.equals("/api/panels/")) {
            return list(request.query().get("experiment"), index);
        }
        String rest = path.startsWith("/api/panels/") ? path.substring("/api/panels/".length()) : "";
        if (rest.endsWith("/script.js")) {
            return script(rest.substring(0, rest.length() - "/script.js".length()));
        }
        return Reply.error(
                404, "no such panel resource; use /api/panels?experiment=<id> or /api/panels/<panel>/script.js");
    }

    private Reply list(String experiment, ExperimentIndex index) {
        if (experiment == null || experiment.isBlank()) {
            return Reply.error(400, "say which experiment: /api/panels?experiment=<id>");
        }
        Optional<StatusReading> reading = index.experiment(experiment);
        if (reading.isEmpty()) {
            return Reply.error(404, "no experiment '" + experiment + "'");
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("experiment", experiment);
        // The page copies panel HTML once more with these rules: sent rather than written in the
        // script too, so the two copies of the allowlist cannot drift apart again.
        ObjectNode rules = root.putObject("html_rules");
        PanelHtml.TAGS.forEach(rules.putArray("tags")::add);
        rules.put("class_pattern", PanelHtml.CLASS_NAMES.pattern());
        ArrayNode out = root.putArray("panels");
        for (DashboardPanel p : panels()) {
            describe(p, reading.get(), out);
        }
        try {
            return Reply.json(Json.MAPPER.writeValueAsBytes(root)).header("Cache-Control", "no-cache");
        } catch (IOException e) {
            return Reply.error(500, "panels could not be written as JSON: " + e);
        }
    }

    /**
     * The bound panels with valid, distinct ids, in order: the page's own sections among them, as
     * services of this bundle ({@link PageSectionPanels}).
     */
    List<DashboardPanel> panels() {
        List<DashboardPanel> all = new ArrayList<>();
        for (DashboardPanel p : bound) {
            String id = safeId(p);
            if (id != null && all.stream().noneMatch(q -> q.id().equals(id))) {
                all.add(p);
            }
        }
        all.sort(ORDER);
        return all;
    }

    private void describe(DashboardPanel p, StatusReading reading, ArrayNode out) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", p.id());
        try {
            if (!p.appliesTo(reading)) {
                return;
            }
            n.put("title", String.valueOf(p.title()));
            n.put("order", p.order());
            PanelContent c = p.content(reading);
            if (c == null) {
                throw new IllegalStateException("content() returned null");
            }
            switch (c.kind()) {
                case PAGE -> n.put("kind", "page");
                case HTML -> {
                    n.put("kind", "html");
                    n.put("html", PanelHtml.clean(c.body()));
                }
                case JSON -> {
                    JsonNode data = Json.MAPPER.readTree(c.body());
                    n.put("kind", "json");
                    n.set("data", data);
                    n.put("script", "api/panels/" + p.id() + "/script.js");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (reported.add(p.id() + " " + e.getClass().getName())) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "dashboard panel '" + p.id() + "' failed for " + reading.id() + ": " + e
                                + " (said once per panel and kind of failure; the page shows it each time)",
                        e);
            }
            n.put("kind", "error");
            n.put(
                    "error",
                    "This panel failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            if (!n.has("title")) {
                n.put("title", p.id());
            }
        }
        out.add(n);
    }

    private Reply script(String id) {
        for (DashboardPanel p : panels()) {
            if (p.id().equals(id)) {
                URL url = safeCall(p::script);
                if (url == null) {
                    return Reply.error(404, "panel '" + id + "' has no script");
                }
                try (InputStream in = url.openStream()) {
                    byte[] bytes = in.readNBytes(MAX_SCRIPT_BYTES + 1);
                    if (bytes.length > MAX_SCRIPT_BYTES) {
                        return Reply.error(500, "the script of panel '" + id + "' is larger than 1 MiB");
                    }
                    return Reply.bytes(200, "text/javascript; charset=utf-8", bytes);
                } catch (IOException e) {
                    return Reply.error(500, "the script of panel '" + id + "' cannot be read: " + e.getMessage());
                }
            }
        }
        return Reply.error(404, "no panel '" + id + "'");
    }

    private static String safeId(DashboardPanel p) {
        String id = safeCall(p::id);
        return id != null && ID.matcher(id).matches() ? id : null;
    }

    private static <T> T safeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

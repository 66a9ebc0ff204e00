package org.labwatch.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.labwatch.index.StatusIndex;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.StatusReading;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.web.config.WebConfig;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/** A data directory read through the real index, status store and log reader, and the API over it. */
public final class Fixture {

    static {
        // The monitor's console echo and bars would fill the build log with the tests' own errors.
        System.setProperty("labwatch.core.echo", "false");
        System.setProperty("labwatch.core.progressConsole", "off");
    }

    public final Path data;
    public final Path statusDir;
    public final JsonStatusStore store = new JsonStatusStore();
    public final StatusIndex index;
    public final TestClock clock = new TestClock(Instant.now());
    public final ExperimentsApi api;

    public Fixture(Path data) {
        this(data, Map.of());
    }

    /** {@code config}: settings of org.labwatch.web and org.labwatch.index by name. */
    public Fixture(Path data, Map<String, ?> config) {
        this.data = data;
        this.statusDir = data.resolve("monitoring/status");
        Map<String, Object> web = new HashMap<>();
        Map<String, Object> indexSettings = new HashMap<>();
        config.forEach((k, v) -> (WEB_KEYS.contains(k) ? web : indexSettings).put(k, v));
        indexSettings.put("dataDir", data.toString());
        this.index = StatusIndex.of(store, indexSettings);
        index.bindLogSource(new FileLogSource());
        WebConfig c = Configs.of(WebConfig.class, web);
        this.api = new ExperimentsApi(
                index, () -> store, FileLogSource::new, FilePlotStore::new, Json.MAPPER, c.pageSize(), clock);
    }

    private static final Set<String> WEB_KEYS =
            Set.of("pageSize", "eventReplay", "keepAliveSeconds", "auth", "realm", "role");

    /** List lines by the default staleness rule, for an event hub without a data directory. */
    public static final BiFunction<StatusReading, Instant, ExperimentSummary> SUMMARIES =
            StatusIndex.of(null, Map.of())::summary;

    public static String seedExample() throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("/seed_example_status.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public Path writeStatus(String id, String json) throws IOException {
        Files.createDirectories(statusDir);
        Path file = statusDir.resolve(id + "_status.json");
        Files.writeString(file, json);
        return file;
    }

    public Reply get(String pathAndQuery) {
        return api.answer(ApiRequest.get(pathAndQuery));
    }

    public JsonNode json(String pathAndQuery) throws IOException {
        Reply r = get(pathAndQuery);
        if (r.status() != 200) {
            throw new AssertionError(
                    pathAndQuery + " answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readTree(r.body());
    }

    public static String text(Reply r) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        r.writeBody(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}

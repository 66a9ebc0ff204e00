package org.labwatch.web;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labwatch.index.StatusIndex;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.web.api.ExperimentsApi;
import org.labwatch.web.config.WebConfig;
import org.labwatch.web.events.EventHub;
import org.labwatch.web.http.Json;

/**
 * The dashboard without Karaf, for working on the page: {@code java -cp <test class path>
 * org.labwatch.web.DashboardPreview <dataDir> [port]} serves {@code <dataDir>/monitoring} at
 * http://127.0.0.1:port/ with the real status watch. Not used by the tests.
 */
public final class DashboardPreview {

    private DashboardPreview() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "labwatch-data");
        JsonStatusStore store = new JsonStatusStore();
        StatusIndex index = StatusIndex.of(store, data, List.of());
        index.bindLogSource(new FileLogSource());
        WebConfig config = Configs.defaults(WebConfig.class);
        ExperimentsApi api = new ExperimentsApi(
                index,
                () -> store,
                FileLogSource::new,
                FilePlotStore::new,
                Json.MAPPER,
                config.pageSize(),
                Clock.systemUTC());
        EventHub hub = new EventHub(Json.MAPPER, Clock.systemUTC(), config.eventReplay(), index::summary);
        index.watch(hub::statusChanged);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleWithFixedDelay(hub::keepAlive, 15, 15, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(hub::recheck, 5, 5, TimeUnit.SECONDS);
        // -Dpreview.events=false: no /api/events, so the page polls (headless screenshots wait for open requests).
        boolean events = Boolean.parseBoolean(System.getProperty("preview.events", "true"));
        JdkHttpServer server =
                new JdkHttpServer(api, events ? hub : null, args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("labwatch dashboard preview of " + data.toAbsolutePath() + " at " + server.base() + "/");
    }
}

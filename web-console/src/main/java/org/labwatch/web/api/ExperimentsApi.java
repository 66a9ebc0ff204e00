package org.labwatch.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.ExperimentQuery;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreOutage;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/**
 * Everything under {@code /api/experiments}, as plain request in, reply out, so that it is tested
 * without a container and the servlet stays a thin adapter:
 * <pre>
 * GET /api/experiments                         summaries, ?offset=&amp;limit=&amp;state=&amp;q=&amp;sort=
 * GET /api/experiments/{id}                    summary + full status
 * GET /api/experiments/{id}/status.json        the status file as the store keeps it
 * GET /api/experiments/{id}/log                ?tail=N or ?after=offset
 * GET /api/experiments/{id}/log.txt            the log file as the log source keeps it
 * GET /api/experiments/{id}/plots              plot files, newest first
 * GET /api/experiments/{id}/plots/{file}       one plot, typed from its bytes
 * GET /api/experiments/{id}/metrics            every metric of the run (see {@link MetricsView})
 * GET /api/experiments/{id}/metrics/{name}     one metric, downsampled, or ?format=csv; the name is the rest of the path
 * </pre>
 * Everything is read through the bound services (index, status store, log source, plot store,
 * metric source), never from the file system: a store may keep runs in a database.
 */
public final class ExperimentsApi {

    public static final String PREFIX = "/api/experiments";

    private final ExperimentIndex index;
    private final Supplier<StatusStore> statusStore;
    private final Supplier<LogSource> logSource;
    private final Supplier<PlotStore> plotStore;
    private final Supplier<MetricSource> metricSource;
    private final Supplier<StoreOutage> outage;
    private final ObjectMapper mapper;
    private final int pageSize;
    private final Clock clock;

    /** Without metrics: their endpoints answer 503. */
    public ExperimentsApi(
            ExperimentIndex index,
            Supplier<StatusStore> statusStore,
            Supplier<LogSource> logSource,
            Supplier<PlotStore> plotStore,
            ObjectMapper mapper,
            int pageSize,
            Clock clock) {
        this(index, statusStore, logSource, plotStore, () -> null, mapper, pageSize, clock);
    }

    /** Without stores that can be away (files only). */
    public ExperimentsApi(
            ExperimentIndex index,
            Supplier<StatusStore> statusStore,
            Supplier<LogSource> logSource,
            Supplier<PlotStore> plotStore,
            Supplier<MetricSource> metricSource,
            ObjectMapper mapper,
            int pageSize,
            Clock clock) {
        this(index, statusStore, logSource, plotStore, metricSource, () -> null, mapper, pageSize, clock);
    }

    /**
     * @param outage the outage of a store that is away now (a database restarting), or null: while
     *               there is one, a read that fails is answered 503 naming it, and not logged again
     *               (the store says it once)
     */
    public ExperimentsApi(
            ExperimentIndex index,
            Supplier<StatusStore> statusStore,
            Supplier<LogSource> logSource,
            Supplier<PlotStore> plotStore,
            Supplier<MetricSource> metricSource,
            Supplier<StoreOutage> outage,
            ObjectMapper mapper,
            int pageSize,
            Clock clock) {
        this.outage = outage;
        this.index = index;
        this.statusStore = statusStore;
        this.logSource = logSource;
        this.plotStore = plotStore;
        this.metricSource = metricSource;
        this.mapper = mapper;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    public Reply answer(ApiRequest request) {
        Reply reply;
        try {
            reply = route(request);
        } catch (PathSegments.BadName | BadQuery e) {
            reply = Reply.error(400, e.getMessage());
        } catch (NoSuchFileException e) {
            reply = Reply.error(404, "the file is gone (deleted or replaced while being read)");
        } catch (IOException e) {
            StoreOutage away = outage.get();
            if (away != null) {
                reply = Reply.error(
                        503, "the store (" + away.store() + ") is away since " + away.since() + ": " + away.problem());
            } else {
                System.getLogger(ExperimentsApi.class.getName())
                        .log(System.Logger.Level.WARNING, "reading for " + request.rawPath() + " failed", e);
                reply = Reply.error(503, "cannot read: " + e.getMessage());
            }
        }
        return reply.conditional(request.ifNoneMatch());
    }

    private Reply route(ApiRequest request) throws PathSegments.BadName, BadQuery, IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.error(405, request.method() + " is not supported here; the API is read-only")
                    .header("Allow", "GET, HEAD");
        }
        List<String> segments = PathSegments.after(PREFIX, request.rawPath());
        if (segments.isEmpty()) {
            ExperimentQuery query;
            try {
                query = ExperimentQuery.parse(request.query(), pageSize);
            } catch (IllegalArgumentException e) {
                throw new BadQuery(e.getMessage());
            }
            return json(index.list(query, clock.instant()));
        }
        String id = PathSegments.checkName("experiment id", segments.get(0));
        Optional<StatusReading> found = index.experiment(id);
        if (found.isEmpty()) {
            return Reply.error(404, "no experiment '" + id + "'");
        }
        StatusReading reading = found.get();
        String what = segments.size() > 1 ? segments.get(1) : "";
        if (what.equals("metrics")) {
            return metrics(id, segments.subList(2, segments.size()), request.query());
        }
        switch (segments.size() + ":" + what) {
            case "1:":
                return json(StatusView.of(
                        mapper,
                        reading,
                        index.summary(reading, clock.instant()),
                        index.logFile(id).orElse(null)));
            case "2:status.json":
                return rawStatus(reading.file());
            case "2:log":
                return log(id, request.query());
            case "2:log.txt":
                return rawLog(id);
            case "2:plots":
                PlotStore plots = plotStore.get();
                if (plots == null) {
                    return Reply.error(503, "no plot store available (is labwatch-plots-file installed?)");
                }
                return json(Map.of(
                        "plots",
                        PlotFiles.list(plots, index.plotDirectories(id), reading.status(), outage.get() != null)));
            case "3:plots":
                return plot(id, PathSegments.checkName("plot file name", segments.get(2)));
            default:
                return Reply.error(
                        404, "no such resource; see /api/experiments/{id}[/log|/plots|/metrics|/status.json|/log.txt]");
        }
    }

    private Reply log(String id, Map<String, String> query) throws IOException, BadQuery {
        LogSource source = logSource.get();
        if (source == null) {
            return Reply.error(503, "no log reader available (is labwatch-log-file installed?)");
        }
        Optional<Path> log = index.logFile(id);
        if (log.isEmpty()) {
            return Reply.error(404, "experiment '" + id + "' has no log file yet");
        }
        return json(LogView.read(mapper, source, log.get(), query));
    }

    /** {@code nameSegments}: the rest of the path, which is the metric's name ({@code fit/chi2}); empty for the list. */
    private Reply metrics(String id, List<String> nameSegments, Map<String, String> query)
            throws IOException, BadQuery {
        MetricSource source = metricSource.get();
        if (source == null) {
            return Reply.error(503, "no metrics reader available (is labwatch-metrics installed?)");
        }
        MetricsView view = new MetricsView(mapper, source);
        if (nameSegments.isEmpty()) {
            Object list = view.list(id);
            return list == null ? Reply.error(404, "no experiment '" + id + "'") : json(list);
        }
        return view.series(id, String.join("/", nameSegments), query);
    }

    private Reply plot(String id, String file) throws IOException {
        PlotStore plots = plotStore.get();
        if (plots == null) {
            return Reply.error(503, "no plot store available (is labwatch-plots-file installed?)");
        }
        PlotFiles.Opened plot = PlotFiles.open(plots, index.plotDirectories(id), file);
        if (plot == null) {
            return Reply.error(404, "no plot '" + file + "' of experiment '" + id + "'");
        }
        Reply reply =
                Reply.stream(plot.type().mediaType(), plot.in(), plot.length()).etag(plot.etag());
        if (plot.type() == PlotType.SVG) {
            reply.header("Content-Security-Policy", Reply.SVG_CSP);
        }
        return reply;
    }

    /**
     * The status file's bytes as the store keeps them. Its ETag is the bytes' hash: they are at hand
     * (a status is bounded by the store's limit), and it is right even when the file was replaced
     * between the index's reading and this one.
     */
    private Reply rawStatus(Path file) throws IOException {
        StatusStore store = statusStore.get();
        if (store == null) {
            return Reply.error(503, "no status store available (is labwatch-index installed?)");
        }
        byte[] bytes = store.readBytes(file);
        return raw(Reply.bytes(200, Reply.JSON, bytes).etag(Reply.hashTag(bytes)));
    }

    /**
     * The log as the log source keeps it, up to its length now. A log only grows while its run
     * writes it, and a new run writes a new file, so its length and name are its version.
     */
    private Reply rawLog(String id) throws IOException {
        LogSource source = logSource.get();
        if (source == null) {
            return Reply.error(503, "no log reader available (is labwatch-log-file installed?)");
        }
        Optional<Path> log = index.logFile(id);
        if (log.isEmpty()) {
            return Reply.error(404, "experiment '" + id + "' has no log file yet");
        }
        long length = source.length(log.get());
        String name = log.get().getFileName().toString();
        return raw(Reply.stream("text/plain; charset=utf-8", new LogBytes(source, log.get(), length), length)
                .etag(PlotFiles.version(length, null, name).etag()));
    }

    private static Reply raw(Reply reply) {
        return reply.header("Content-Security-Policy", Reply.RAW_CSP).header("Content-Disposition", "inline");
    }

    private Reply json(Object value) throws JsonProcessingException {
        return Reply.json(mapper.writeValueAsBytes(value));
    }
}

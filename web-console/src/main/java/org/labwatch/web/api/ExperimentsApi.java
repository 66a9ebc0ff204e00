package org.labwatch.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/**
 * Everything under {@code /api/experiments}, as plain request in, reply out, so that it is tested
 * without a container and the servlet stays a thin adapter:
 * <pre>
 * GET /api/experiments                         summaries, ?offset=&amp;limit=&amp;state=&amp;q=&amp;sort=
 * GET /api/experiments/{id}                    summary + full status
 * GET /api/experiments/{id}/status.json        the status file as it is on disk
 * GET /api/experiments/{id}/log                ?tail=N or ?after=offset
 * GET /api/experiments/{id}/log.txt            the log file as it is on disk
 * GET /api/experiments/{id}/plots              plot files, newest first
 * GET /api/experiments/{id}/plots/{file}       one plot, typed from its bytes
 * GET /api/experiments/{id}/metrics            every metric of the run (see {@link MetricsView})
 * GET /api/experiments/{id}/metrics/{name}     one metric, downsampled, or ?format=csv; the name is the rest of the path
 * </pre>
 */
public final class ExperimentsApi {

    public static final String PREFIX = "/api/experiments";

    private final ExperimentIndex index;
    private final Supplier<LogSource> logSource;
    private final Supplier<PlotStore> plotStore;
    private final Supplier<MetricSource> metricSource;
    private final ObjectMapper mapper;
    private final int pageSize;
    private final Clock clock;

    /** Without metrics: their endpoints answer 503. */
    public ExperimentsApi(
            ExperimentIndex index,
            Supplier<LogSource> logSource,
            Supplier<PlotStore> plotStore,
            ObjectMapper mapper,
            int pageSize,
            Clock clock) {
        this(index, logSource, plotStore, () -> null, mapper, pageSize, clock);
    }

    public ExperimentsApi(
            ExperimentIndex index,
            Supplier<LogSource> logSource,
            Supplier<PlotStore> plotStore,
            Supplier<MetricSource> metricSource,
            ObjectMapper mapper,
            int pageSize,
            Clock clock) {
        this.index = index;
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
            System.getLogger(ExperimentsApi.class.getName())
                    .log(System.Logger.Level.WARNING, "reading for " + request.rawPath() + " failed", e);
            reply = Reply.error(503, "cannot read: " + e.getMessage());
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
                return rawFile(reading.file(), Reply.JSON);
            case "2:log":
                return log(id, request.query());
            case "2:log.txt":
                Optional<Path> logFile = index.logFile(id);
                return logFile.isEmpty()
                        ? Reply.error(404, "experiment '" + id + "' has no log file yet")
                        : rawFile(logFile.get(), "text/plain; charset=utf-8");
            case "2:plots":
                PlotStore plots = plotStore.get();
                if (plots == null) {
                    return Reply.error(503, "no plot store available (is labwatch-plots-file installed?)");
                }
                return json(Map.of("plots", PlotFiles.list(plots, index.plotDirectories(id), reading.status())));
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
        PlotFiles.Opened plot = PlotFiles.open(index.plotDirectories(id), file);
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

    private static Reply rawFile(Path file, String contentType) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        InputStream in = Files.newInputStream(file);
        return Reply.stream(contentType, in, a.size())
                .etag(PlotFiles.fileTag(a))
                .header("Content-Security-Policy", Reply.RAW_CSP)
                .header("Content-Disposition", "inline");
    }

    private Reply json(Object value) throws JsonProcessingException {
        return Reply.json(mapper.writeValueAsBytes(value));
    }
}

package org.labwatch.ingest;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.spi.StoreOutage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/ingest/v1/*}, the protocol of {@code docs/remote.md}. In this order, so that nothing
 * is read from a client that may not write and a slow one holds nothing others need: the token
 * (401), the path (404, 405, 400), the token's source (403), the stores (503), the source's requests
 * in flight (429), the query (400), the announced length (413), the memory all bodies may take
 * together (503); then the body, read without holding a thread, within the size limit (413) and the
 * deadline (408); then the write, one request per file
 * at a time, through the bound stores.
 *
 * <p>Named, async-supported and without configuration of its own (settings come from {@link
 * Ingest}), as web-console's package-info says every labwatch servlet is; in the ingest's own
 * context ({@link IngestContext}).
 */
@Component(name = "org.labwatch.ingest.servlet", service = Servlet.class)
@HttpWhiteboardContextSelect(
        "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + IngestContext.NAME + ")")
@HttpWhiteboardServletName("labwatch-ingest")
@HttpWhiteboardServletPattern({IngestServlet.VERSION_PATH, IngestServlet.VERSION_PATH + "/*"})
@HttpWhiteboardServletAsyncSupported
public final class IngestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(IngestServlet.class.getName());

    static final String VERSION_PATH = "/v1";
    static final int PROTOCOL = 1;
    /** Bodies are held in one array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Ingest ingest;

    public IngestServlet() {}

    /** Outside a container (tests): this ingest, as if bound. */
    IngestServlet(Ingest ingest) {
        this.ingest = ingest;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Ingest in = ingest;
        if (in == null) {
            Replies.send(response, Answer.unavailable("the ingest is not active", 10));
            return;
        }
        Settings settings = in.settings();
        SourceGate.Pass pass = null;
        boolean reading = false;
        try {
            String source = source(in, request.getHeader("Authorization"));
            Route route = Route.parse(rawPath(request), request.getMethod());
            if (route.source() != null && !route.source().equals(source)) {
                throw Refusal.of(403, "this token writes source '" + source + "', not '" + route.source() + "'");
            }
            if (route.kind() == Route.Kind.HELLO) {
                Replies.send(response, hello(source, settings));
                return;
            }
            Stores stores = in.stores();
            String missing = stores.missing(route.kind());
            if (missing != null) {
                throw new Refusal(Answer.unavailable(missing + "; try again later", settings.retryAfterSeconds()));
            }
            pass = in.gate().enter(source, settings.maxRequestsPerSource());
            if (pass == null) {
                throw new Refusal(Answer.error(
                                429,
                                "source '" + source + "' has " + settings.maxRequestsPerSource()
                                        + " requests in flight already")
                        .with("Retry-After", "1"));
            }
            RootDirs root = RootDirs.of(stores.remote(), route.source(), route.root());
            ShippingReports shipping = in.shipping();
            if (shipping != null) {
                shipping.record(root, request.getHeader(ShippingReports.HEADER));
            }
            if (route.kind() == Route.Kind.MANIFEST) {
                Replies.send(
                        response,
                        guarded(stores, settings, route, () -> in.manifest().of(stores, root)));
                return;
            }
            Function<byte[], Answer> write = write(in, stores, settings, root, route, request.getQueryString());
            long limit = Math.min(limit(route.kind(), settings), MAX_ARRAY);
            long length = request.getContentLengthLong();
            if (length > limit) {
                throw new Refusal(Answer.error(
                                413, "the body is " + length + " bytes, larger than the limit of " + limit + " bytes")
                        .with("Connection", "close"));
            }
            BodyReader.start(
                    request,
                    response,
                    limit,
                    settings.readTimeoutMs(),
                    in.timer(),
                    in.budget(),
                    settings.bodyBytesInFlight(),
                    pass,
                    write);
            reading = true;
        } catch (Refusal refusal) {
            Replies.send(response, refusal.answer());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "An ingest request failed unexpectedly: " + request.getRequestURI(), e);
            Replies.send(response, Answer.error(500, "the server failed: " + e));
        } finally {
            if (!reading && pass != null) {
                pass.close();
            }
        }
    }

    private static String source(Ingest in, String authorization) throws Refusal {
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new Refusal(Answer.error(401, "no token: send Authorization: Bearer <token>")
                    .with("WWW-Authenticate", "Bearer realm=\"labwatch-ingest\""));
        }
        Optional<String> source =
                in.tokens().sourceOf(authorization.substring(prefix.length()).strip());
        if (source.isEmpty()) {
            throw new Refusal(Answer.error(401, "unknown or revoked token")
                    .with("WWW-Authenticate", "Bearer realm=\"labwatch-ingest\", error=\"invalid_token\""));
        }
        return source.get();
    }

    /** The path after {@code /api/ingest/v1}, still encoded; Route decodes each segment itself. */
    private static String rawPath(HttpServletRequest request) throws Refusal {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + request.getServletPath();
        if (uri == null || !uri.startsWith(prefix)) {
            throw Refusal.of(404, "no such path");
        }
        return uri.substring(prefix.length());
    }

    private static Answer hello(String source, Settings settings) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("chunkBytes", settings.chunkBytes());
        limits.put("statusBytes", settings.statusBytes());
        limits.put("plotBytes", settings.plotBytes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("protocol", PROTOCOL);
        body.put("source", source);
        body.put("limits", limits);
        return Answer.ok(body);
    }

    private static long limit(Route.Kind kind, Settings settings) {
        return switch (kind) {
            case STATUS -> settings.statusBytes();
            case PLOTS -> settings.plotBytes();
            default -> settings.chunkBytes();
        };
    }

    /** What to do with the body once it is read; the query is checked now, before it is. */
    private static Function<byte[], Answer> write(
            Ingest in, Stores stores, Settings settings, RootDirs root, Route route, String query) throws Refusal {
        switch (route.kind()) {
            case LOGS:
            case METRICS:
                long offset = Query.number(query, "offset");
                return body -> guarded(
                        stores, settings, route, () -> in.logChunks().append(stores, root, route, offset, body));
            case STATUS:
                long version = Query.number(query, "version");
                return body -> guarded(
                        stores,
                        settings,
                        route,
                        () -> in.statusCopies().put(stores, root, route.file(), version, body));
            case PLOTS:
                return body ->
                        guarded(stores, settings, route, () -> in.plotCopies().put(stores, root, route.file(), body));
            default:
                throw new IllegalStateException("not a write: " + route.kind());
        }
    }

    private interface Work {
        Answer run() throws IOException;
    }

    /**
     * Retry-After while a store is away: a database restart took about 2 s (ScaleOutIT), and with
     * the setting's 10 s shipped runs came back complete 8 s after the database did. A store that
     * is away probes every second, so a shipper asking every 2 s finds it soon after it is back.
     */
    static final int STORE_AWAY_RETRY_SECONDS = 2;

    /**
     * A store's answer, or why there is none: 400 for bytes it refuses, 503 for a store that cannot
     * keep copies, 503 with {@code Retry-After} for I/O trouble while a store says it is away (a
     * database restarting: the store says so once, not each of the retries), 500 for other I/O
     * trouble, which is logged loudly, as nothing was acknowledged.
     */
    private static Answer guarded(Stores stores, Settings settings, Route route, Work work) {
        String what = route.source() + "/" + route.root()
                + (route.file() == null ? "" : "/" + route.kind().directory + "/" + route.file());
        try {
            return work.run();
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        } catch (UnsupportedOperationException e) {
            LOG.log(Level.ERROR, "Remote run " + what + " cannot be stored: " + e.getMessage());
            return Answer.unavailable(e.getMessage(), 60);
        } catch (IOException e) {
            StoreOutage away = stores.outage();
            if (away != null) {
                LOG.log(Level.DEBUG, "Remote run " + what + " waits for the store, away: " + e);
                return Answer.unavailable(
                        "the store (" + away.store() + ") is away since " + away.since() + "; try again later",
                        Math.min(settings.retryAfterSeconds(), STORE_AWAY_RETRY_SECONDS));
            }
            LOG.log(Level.ERROR, "Remote run " + what + " could not be stored; the source will send it again", e);
            return Answer.error(500, "could not be stored: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Remote run " + what + " failed unexpectedly", e);
            return Answer.error(500, "the server failed: " + e);
        }
    }
}

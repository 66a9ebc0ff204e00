package org.labwatch.web;

import java.io.IOException;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.api.MonitorFactory;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.labwatch.web.events.StoreState;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/health}: 200 with JSON ({@link Health}) once the monitor factory, a log sink and
 * both stores are bound, else 503 with the same JSON naming what is missing; a store that is away
 * (a database restarting) is told in {@code store} and leaves the answer 200. All references are optional and
 * dynamic so the endpoint itself stays up and can say what is missing. Named and unconfigured:
 * see package-info, which also says why readiness is this endpoint's 200.
 */
@Component(name = "org.labwatch.web.health", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MonitorFactory monitorFactory;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<LogSink> logSinks;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StatusStore statusStore;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PlotStore plotStore;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExperimentIndex index;

    /** Stores that can be away (a database): their state is told, and does not make the server "down". */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StoreHealth> storeHealth;

    private final String version;

    @Activate
    public HealthServlet(BundleContext context) {
        String mavenVersion = context.getBundle().getHeaders().get("Labwatch-Version");
        this.version = mavenVersion != null
                ? mavenVersion
                : context.getBundle().getVersion().toString();
    }

    Health health() {
        List<LogSink> sinks = logSinks;
        ExperimentIndex i = index;
        return Health.of(
                monitorFactory != null,
                sinks == null ? 0 : sinks.size(),
                statusStore != null,
                plotStore != null,
                version,
                i == null ? null : i.progress(),
                StoreState.of(storeHealth));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.send(health().reply(), request, response);
    }
}

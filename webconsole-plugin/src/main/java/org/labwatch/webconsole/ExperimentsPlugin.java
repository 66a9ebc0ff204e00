package org.labwatch.webconsole;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.spi.ExperimentIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code /system/console/labwatch}: the Felix web console wraps any {@code Servlet} service with a
 * {@code felix.webconsole.label} property in its own page (menu, header, login) and calls
 * {@code service} for the content of a GET. The console's login guards it; this class checks
 * nothing itself.
 *
 * <p>Reads {@code org.labwatch.web} for the stale thresholds only. A settings change updates the
 * service properties, which the console ignores (it reacts to registration and unregistration), so
 * the page never disappears while a cfg is edited.
 */
@Component(name = "org.labwatch.webconsole", service = Servlet.class, configurationPid = "org.labwatch.web",
        property = {
                "felix.webconsole.label=labwatch",
                "felix.webconsole.title=Experiments",
                "felix.webconsole.category=labwatch"
        })
public final class ExperimentsPlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ExperimentIndex index;

    private final transient Clock clock;
    private transient volatile ExperimentTable table;

    @Activate
    public ExperimentsPlugin(ConsoleConfig config) {
        this(config, null, Clock.systemUTC());
    }

    ExperimentsPlugin(ConsoleConfig config, ExperimentIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(ConsoleConfig config) {
        table = new ExperimentTable(Duration.ofSeconds(Math.max(1, config.staleAfterSeconds())),
                Duration.ofSeconds(Math.max(1, config.staleWithoutHeartbeatAfterSeconds())));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        out.write(content());
    }

    /** The page's content; the console has already sent its header and content type. */
    String content() {
        ExperimentIndex i = index;
        if (i == null) {
            return "<p>The labwatch server is not running here: no experiment index (feature <code>labwatch-web</code>)."
                    + " Install it with <code>feature:install labwatch-web</code>.</p>\n";
        }
        return table.render(i.experiments(), i.statusDirectories(), clock.instant());
    }
}

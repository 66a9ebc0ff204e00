package org.labwatch.webconsole;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.spi.ExperimentIndex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * <p>States come from the experiment index, by its one staleness rule, so this page says what the
 * dashboard and the shell say.
 */
@Component(
        name = "org.labwatch.webconsole",
        service = Servlet.class,
        property = {
            "felix.webconsole.label=labwatch",
            "felix.webconsole.title=Experiments",
            "felix.webconsole.category=labwatch"
        })
public final class ExperimentsPlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ExperimentIndex index;

    private final transient Clock clock;

    @Activate
    public ExperimentsPlugin() {
        this(null, Clock.systemUTC());
    }

    ExperimentsPlugin(ExperimentIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
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
            return "<p>No experiment index is running here (feature <code>labwatch-index</code>)."
                    + " Install it with <code>feature:install labwatch-index</code>.</p>\n";
        }
        return new ExperimentTable(i.staleness()).render(i.experiments(), i.statusDirectories(), clock.instant());
    }
}

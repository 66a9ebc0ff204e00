package org.labwatch.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.web.api.ExperimentsApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code /api/experiments} and everything below it: see {@link ExperimentsApi}. Named and unconfigured: see package-info. */
@Component(name = "org.labwatch.web.experiments", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-experiments")
@HttpWhiteboardServletPattern({"/api/experiments", "/api/experiments/*"})
public final class ExperimentsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ReadSide readSide;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReadSide d = readSide;
        if (d == null) {
            Responses.unavailable(request, response);
            return;
        }
        Responses.send(d.api().answer(Responses.request(request)), request, response);
    }
}

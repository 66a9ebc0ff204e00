package org.labwatch.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.web.page.PageFiles;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The dashboard page at {@code /}: a servlet rather than a whiteboard resource, because every
 * response needs the Content-Security-Policy and nosniff headers, and unknown paths a JSON 404.
 * Named and unconfigured: see package-info.
 */
@Component(name = "org.labwatch.web.page", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-page")
// "/" is the default servlet: it gets what no more specific pattern (/api/...) takes.
@HttpWhiteboardServletPattern("/")
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PageFiles files = new PageFiles();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.send(files.answer(Responses.request(request)), request, response);
    }
}

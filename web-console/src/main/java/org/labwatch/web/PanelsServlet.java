package org.labwatch.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.web.panels.PanelBoard;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/panels}: the {@link DashboardPanel} whiteboard. Panels come and go with their
 * bundles; each change is announced on {@code /api/events} as a {@code panels} event so open
 * pages redraw their sections. Panels bind and unbind without touching this servlet's
 * registration. Named and unconfigured: see package-info.
 */
@Component(name = "org.labwatch.web.panels", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-panels")
@HttpWhiteboardServletPattern({"/api/panels", "/api/panels/*"})
public final class PanelsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PanelBoard board = new PanelBoard(this::announce);

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ReadSide readSide;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ExperimentIndex index;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPanel(DashboardPanel panel) {
        board.add(panel);
    }

    void unbindPanel(DashboardPanel panel) {
        board.remove(panel);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExperimentIndex i = index;
        if (i == null) {
            Responses.unavailable(request, response);
            return;
        }
        Responses.send(board.answer(Responses.request(request), i), request, response);
    }

    private void announce(String panelId) {
        ReadSide d = readSide;
        if (d != null) {
            d.events().panelsChanged(panelId);
        }
    }
}

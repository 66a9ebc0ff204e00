package org.labwatch.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.spi.NotificationChannels;
import org.labwatch.web.notify.ChannelsApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/notify/*}: see {@link ChannelsApi}. The notification engine is optional: without the
 * notify feature the endpoint answers 503 saying how to install it. Named and unconfigured: see package-info.
 */
@Component(name = "org.labwatch.web.notify", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-notify")
@HttpWhiteboardServletPattern("/api/notify/*")
public final class NotifyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile NotificationChannels channels;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.send(ChannelsApi.answer(Responses.request(request), channels), request, response);
    }
}

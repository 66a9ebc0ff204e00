package org.labwatch.web;

import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.web.events.EventHub;
import org.labwatch.web.http.Reply;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/events}: Server-Sent Events from {@link EventHub}, on an async response that
 * stays open. Named, unconfigured and async-supported for the reasons in package-info.
 */
@Component(name = "org.labwatch.web.events", service = Servlet.class)
@HttpWhiteboardServletName("labwatch-events")
@HttpWhiteboardServletPattern("/api/events")
@HttpWhiteboardServletAsyncSupported
public final class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ReadSide readSide;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReadSide d = readSide;
        if (d == null) {
            Responses.unavailable(request, response);
            return;
        }
        Reply headers = Reply.bytes(200, "text/event-stream; charset=utf-8", new byte[0])
                .header("Cache-Control", "no-store")
                // nginx and similar proxies buffer responses unless told not to, which would hold events back.
                .header("X-Accel-Buffering", "no");
        response.setStatus(200);
        headers.headers().forEach((k, v) -> {
            if (k.equals("Content-Type")) {
                response.setContentType(v);
            } else {
                response.setHeader(k, v);
            }
        });
        response.flushBuffer();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        EventHub.Client client = d.events()
                .attach(
                        new EventHub.Stream() {
                            @Override
                            public void write(byte[] bytes) throws IOException {
                                out.write(bytes);
                                out.flush();
                            }

                            @Override
                            public void close() {
                                try {
                                    async.complete();
                                } catch (IllegalStateException e) {
                                    // Already completed by the container (client gone, server stopping).
                                }
                            }
                        },
                        request.getHeader("Last-Event-ID"));
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not re-dispatched
            }
        });
    }
}

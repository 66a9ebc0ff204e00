package org.labwatch.web;

import java.io.IOException;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Reply;

/** The servlet side of {@link ApiRequest} and {@link Reply}: what every labwatch servlet does with them. */
final class Responses {

    private Responses() {}

    /** The raw path below the context (still percent-encoded) and the query, as the read side wants them. */
    static ApiRequest request(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context)
                ? uri.substring(context.length())
                : uri;
        return new ApiRequest(
                request.getMethod(),
                path,
                ApiRequest.parseQuery(request.getQueryString()),
                request.getHeader("If-None-Match"));
    }

    static void send(Reply reply, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(reply.status());
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            if (h.getKey().equals("Content-Type")) {
                response.setContentType(h.getValue());
            } else {
                response.setHeader(h.getKey(), h.getValue());
            }
        }
        if (reply.status() == 304 || request.getMethod().equals("HEAD")) {
            response.setContentLengthLong(reply.status() == 304 ? -1 : reply.length());
            reply.discard();
            return;
        }
        if (reply.length() >= 0) {
            response.setContentLengthLong(reply.length()); // else chunked: a body made while it is sent
        }
        reply.writeBody(response.getOutputStream());
    }

    static void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(
                Reply.error(503, "the labwatch dashboard service is starting or stopped; try again in a moment"),
                request,
                response);
    }
}

package org.labwatch.ingest;

import java.io.IOException;
import javax.servlet.http.HttpServletResponse;

/** Writes an {@link Answer} as the HTTP response: JSON, never cached. */
final class Replies {

    private Replies() {}

    static void send(HttpServletResponse response, Answer answer) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(answer.body());
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        answer.headers().forEach(response::setHeader);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

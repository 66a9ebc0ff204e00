package org.labwatch.ingest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The ingest's own servlet context at {@code /api/ingest}. Not the default context: web-console's
 * read-authentication filter covers {@code /*} there and asks for HTTP Basic credentials when
 * {@code auth = basic}, while shippers bring a bearer token, which {@link IngestServlet} checks
 * itself. Security per request is the servlet's, so this helper allows every request through.
 */
@Component(name = "org.labwatch.ingest.context", service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = IngestContext.NAME, path = "/api/ingest")
public final class IngestContext extends ServletContextHelper {

    static final String NAME = "labwatch-ingest";
}

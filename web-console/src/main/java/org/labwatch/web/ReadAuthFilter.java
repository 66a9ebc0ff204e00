package org.labwatch.web;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labwatch.web.auth.ReadAccess;
import org.labwatch.web.http.Reply;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Read authentication in front of every labwatch page and API call ({@link ReadAccess} decides).
 * A whiteboard filter on {@code /*} of the default context rather than a check in each servlet, so
 * that servlets added later (panels, new endpoints) are covered without remembering to ask.
 *
 * <p>{@code /api/health} stays open on purpose: monitoring probes (systemd, load balancers, Nagios)
 * poll it without credentials, and it tells only which labwatch services are up and the version.
 *
 * <p>Named, unconfigured (its settings live in ReadAccess) and async-supported, as package-info
 * says every whiteboard element here must be.
 */
@Component(name = "org.labwatch.web.auth", service = Filter.class)
@HttpWhiteboardFilterName("labwatch-read-auth")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
public final class ReadAuthFilter implements Filter {

    static final String OPEN_PATH = "/api/health";
    static final String CHALLENGE = "Basic realm=\"labwatch\", charset=\"UTF-8\"";

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReadAccess access;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        // The decoded path the container routed by: whatever reaches the health servlet, and only that, is open.
        if (OPEN_PATH.equals(request.getServletPath()) && request.getPathInfo() == null) {
            chain.doFilter(req, res);
            return;
        }
        ReadAccess a = access;
        // Between a reconfiguration's unbind and bind there is no decision to ask for: refuse, never open.
        ReadAccess.Decision decision =
                a == null ? ReadAccess.Decision.UNAVAILABLE : a.check(request.getHeader("Authorization"));
        if (decision.allowed()) {
            chain.doFilter(req, res);
            return;
        }
        Reply reply = Reply.error(decision.status(), decision.message());
        if (decision.status() == 401) {
            reply.header("WWW-Authenticate", CHALLENGE);
        }
        Responses.send(reply, request, response);
    }
}

/**
 * The labwatch server's HTTP side as Karaf sees it: the OSGi HTTP Whiteboard servlets and the
 * read-authentication filter, {@link org.labwatch.web.ReadSide}, the component behind the
 * servlets, and {@code /api/health}. The servlets are thin adapters from the servlet API to the
 * packages below, which know no servlet container and are tested without one:
 * <ul>
 * <li>{@code http}: the request and reply every endpoint speaks, with the security headers and the
 * one JSON mapper;</li>
 * <li>{@code api}: {@code /api/experiments} and below;</li>
 * <li>{@code events}: the Server-Sent Events of {@code /api/events} and the log follower;</li>
 * <li>{@code panels}: the {@code DashboardPanel} whiteboard of {@code /api/panels};</li>
 * <li>{@code page}: the dashboard's static files;</li>
 * <li>{@code auth}: who may read;</li>
 * <li>{@code config}: the settings of {@code etc/org.labwatch.web.cfg}.</li>
 * </ul>
 *
 * <h2>Pax Web rules every servlet and filter here follows</h2>
 * The servlets point here rather than repeating them.
 * <ul>
 * <li><b>Every servlet is named.</b> Pax Web 8 gives a servlet registered without
 * {@code osgi.http.whiteboard.servlet.name} a default name that is the same for all of them.
 * Names must be unique in a servlet context, so only the first such servlet is served, and the
 * others wait and answer 404 without an error that says why. Hence
 * {@code @HttpWhiteboardServletName} (and {@code @HttpWhiteboardFilterName}) on each.</li>
 * <li><b>No servlet or filter takes configuration.</b> DS copies a component's configuration into
 * its service properties, and Pax Web re-registers a servlet whose properties change, answering
 * 404 for about 5 s meanwhile (measured). Settings reach the servlets through components they
 * reference instead: {@link org.labwatch.web.ReadSide} (page size, event replay, keep-alive),
 * {@link org.labwatch.web.auth.ReadAccess} (read authentication) and the {@code ExperimentIndex}
 * (directories, staleness). An edit of {@code etc/org.labwatch.web.cfg} replaces their fields and
 * applies to the next request. Those references are optional and dynamic, so a servlet stays
 * registered and answers 503 saying what is missing rather than vanishing into a 404.</li>
 * <li><b>SSE needs async support.</b> {@code /api/events} keeps its response open on an async
 * context, so it holds no Jetty thread per client. That needs
 * {@code osgi.http.whiteboard.servlet.asyncSupported} on the servlet and the matching property on
 * every filter in front of it ({@link org.labwatch.web.ReadAuthFilter}).</li>
 * <li><b>Ready means 200 from a real endpoint.</b> Jetty accepts connections about a second
 * before the whiteboard has registered the servlets, and answers 404 meanwhile. An open port, or
 * any HTTP answer, is not readiness: scripts and tests wait for 200 from {@code /api/health}
 * ({@link org.labwatch.web.HealthServlet}), which answers 503 naming what is missing until the
 * services an experiment needs are bound.</li>
 * </ul>
 *
 * <p>Nothing in this bundle is exported.
 */
package org.labwatch.web;

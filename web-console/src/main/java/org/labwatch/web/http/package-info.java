/**
 * The request and reply every endpoint of the read side speaks, independent of the servlet
 * container (the servlets and a test's plain HTTP server adapt them): {@link
 * org.labwatch.web.http.ApiRequest} in, {@link org.labwatch.web.http.Reply} out, with the security
 * headers (Content-Security-Policy, nosniff), ETags and 304s, and {@link
 * org.labwatch.web.http.Json}, the one JSON mapper of the server.
 */
package org.labwatch.web.http;

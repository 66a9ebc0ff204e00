/**
 * Who may read the dashboard and the API: {@link org.labwatch.web.auth.ReadAccess} decides for
 * each request, from the {@code auth}, {@code realm} and {@code role} settings and, for HTTP
 * Basic, a login against the JAAS realm.
 */
package org.labwatch.web.auth;

/**
 * The dashboard page: the static files under {@code dashboard/} in the bundle (HTML, CSS, and
 * the JavaScript modules the page loads), served from a fixed list with their content types and
 * ETags. Nothing is built: what is in the bundle is what the browser gets.
 */
package org.labwatch.web.page;

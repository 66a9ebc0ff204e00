/**
 * The settings of {@code org.labwatch.web} ({@code etc/org.labwatch.web.cfg}) as one typed
 * configuration, read by the components that carry settings for the servlets.
 */
package org.labwatch.web.config;

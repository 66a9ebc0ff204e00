/**
 * The sections of the experiment page, as the {@code DashboardPanel} whiteboard of
 * {@code /api/panels}: the page's own sections registered as panels ({@link
 * org.labwatch.web.panels.PageSectionPanels}), every bound panel in order with its content
 * ({@link org.labwatch.web.panels.PanelBoard}), and panel HTML reduced to an allowlist of plain
 * structure before it leaves the server ({@link org.labwatch.web.panels.PanelHtml}).
 */
package org.labwatch.web.panels;

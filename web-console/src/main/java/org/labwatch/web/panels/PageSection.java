package org.labwatch.web.panels;

import java.util.List;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;

/**
 * One of the page's own sections, a {@link DashboardPanel} service like a lab's (registered by
 * {@link PageSectionPanels}), so that one order places them all. Only these may have their ids.
 */
record PageSection(String id, String title, int order) implements DashboardPanel {

    /** The orders {@link DashboardPanel} documents; ids are the {@code data-panel-id}s in index.html. */
    static final List<DashboardPanel> ALL = List.of(
            new PageSection("bars", "Progress bars", 100),
            new PageSection("steps", "Steps", 200),
            // The run's metrics as charts (metrics.js), hidden while the run has none.
            new PageSection("metrics", "Metrics", 250),
            new PageSection("messages", "Messages", 300),
            new PageSection("errors", "Errors", 400),
            new PageSection("log", "Log", 500),
            new PageSection("plots", "Plots", 600));

    @Override
    public boolean appliesTo(StatusReading experiment) {
        return true;
    }

    @Override
    public PanelContent content(StatusReading experiment) {
        return PanelContent.page();
    }
}

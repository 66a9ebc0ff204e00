package org.labwatch.spi;

import java.net.URL;

/**
 * A section of the dashboard's experiment page. Any bundle registers one as an OSGi service and
 * open pages show it within a second, without a restart; when the service goes, so does the
 * section. The page's own sections are panels too, so a lab's panel sits between them by
 * {@link #order()}: progress bars 100, steps 200, metrics 250, messages 300, errors 400, log 500, plots 600.
 *
 * <p>Called on the web server's threads, for one experiment at a time: keep it quick and
 * thread-safe, and read the experiment from what is passed in.
 */
public interface DashboardPanel {

    /** Stable identifier: lower-case letters, digits and dashes, at most 40 characters; it appears in URLs. */
    String id();

    /** Heading of the section, shown as text. */
    String title();

    /** Position on the page; lower first, ties by {@link #id()}. */
    int order();

    /** Whether the panel has anything to say about this experiment (readable or not). */
    default boolean appliesTo(StatusReading experiment) {
        return experiment.readable();
    }

    /** What the section shows for this experiment; called again whenever the experiment changes. */
    PanelContent content(StatusReading experiment);

    /**
     * For {@link PanelContent.Kind#JSON} content: a script in the panel's own bundle (e.g.
     * {@code getClass().getResource("/numbers.js")}) that the page loads once and that draws the
     * JSON. It calls {@code labwatch.panels.register("<id>", (element, data) => ...)} and must
     * build the DOM with {@code textContent}, never from markup: the page allows no inline script.
     */
    default URL script() {
        return null;
    }
}

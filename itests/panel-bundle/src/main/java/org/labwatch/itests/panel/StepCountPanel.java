package org.labwatch.itests.panel;

import java.net.URL;
import org.labwatch.spi.DashboardPanel;
import org.labwatch.spi.PanelContent;
import org.labwatch.spi.StatusReading;
import org.osgi.service.component.annotations.Component;

/**
 * A panel whose content is JSON drawn by a script in this bundle ({@code step-count.js}): the kind
 * the example panel does not use. The web bundle reads the script through this bundle's resource URL.
 */
@Component(name = "org.labwatch.itests.panel", service = DashboardPanel.class)
public final class StepCountPanel implements DashboardPanel {

    @Override
    public String id() {
        return "step-count";
    }

    @Override
    public String title() {
        return "Step count";
    }

    @Override
    public int order() {
        return 150;
    }

    @Override
    public PanelContent content(StatusReading experiment) {
        return PanelContent.json("{\"current\":" + experiment.status().currentStep() + ",\"total\":"
                + experiment.status().totalSteps() + "}");
    }

    @Override
    public URL script() {
        return StepCountPanel.class.getResource("step-count.js");
    }
}

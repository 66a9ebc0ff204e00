package org.labwatch.web.panels;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.labwatch.spi.DashboardPanel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The page's own sections registered as {@link DashboardPanel} services, like any bundle's panel:
 * the panel whiteboard lays out the page from the services alone, and {@code bundle:services -p
 * org.labwatch.web} in the Karaf shell lists them. Seven services from one
 * component, because DS makes one instance per component and these differ only in their data.
 */
@Component(
        name = "org.labwatch.web.sections",
        service = {})
public final class PageSectionPanels {

    private final List<ServiceRegistration<DashboardPanel>> registrations = new ArrayList<>();

    @Activate
    public PageSectionPanels(BundleContext context) {
        for (DashboardPanel section : PageSection.ALL) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(
                    Constants.SERVICE_DESCRIPTION,
                    "labwatch dashboard section '" + section.id() + "' (order " + section.order()
                            + "), drawn by the page itself");
            registrations.add(context.registerService(DashboardPanel.class, section, props));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<DashboardPanel> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle stopping: nothing left to undo.
            }
        }
        registrations.clear();
    }
}

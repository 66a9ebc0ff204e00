package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.labwatch.spi.Notifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The component descriptions bnd wrote for the bundle: each type a Notifier service with its
 * {@code labwatch.notify.type}, which the engine matches against a channel's {@code type}.
 */
class ComponentsTest {

    @Test
    void eachTypeIsANotifierServiceNamedByItsProperty() throws Exception {
        Map<String, String> types = new TreeMap<>();
        for (Class<?> c : new Class<?>[] {
            EmailNotifier.class, SlackNotifier.class, MattermostNotifier.class, TeamsNotifier.class, NtfyNotifier.class
        }) {
            try (InputStream in = c.getResourceAsStream("/OSGI-INF/" + c.getName() + ".xml")) {
                assertNotNull(in, "no component description for " + c.getName());
                Document xml = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(in);
                Element property =
                        (Element) xml.getElementsByTagName("property").item(0);
                assertEquals(Notifier.TYPE, property.getAttribute("name"));
                Element provide = (Element) xml.getElementsByTagName("provide").item(0);
                assertEquals(Notifier.class.getName(), provide.getAttribute("interface"));
                types.put(property.getAttribute("value"), c.getSimpleName());
            }
        }
        assertEquals(
                Map.of(
                        "email", "EmailNotifier",
                        "mattermost", "MattermostNotifier",
                        "ntfy", "NtfyNotifier",
                        "slack", "SlackNotifier",
                        "teams", "TeamsNotifier"),
                types);
    }
}

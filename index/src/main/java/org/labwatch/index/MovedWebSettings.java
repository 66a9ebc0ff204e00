package org.labwatch.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * Says in karaf.log when {@code etc/org.labwatch.web.cfg} still sets a key that moved to
 * {@code org.labwatch.index} (servers set up before the index had its own configuration): the key
 * is not read there any more, and a lab would otherwise wonder why its directory or threshold is
 * ignored. {@code ./labwatch} moves such lines itself when it starts a server.
 *
 * <p>Only a warning, no copying: one component reading both PIDs left the second PID's
 * configuration unapplied on a stock Karaf 4.4.10 (Felix SCR 2.2.6) when it existed before
 * {@code feature:install}, and copying through Config Admin raced with the feature's own default
 * file, which File Install read after the copy and which then won.
 */
@Component(
        name = "org.labwatch.index.moved",
        configurationPid = IndexConfig.LEGACY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
public final class MovedWebSettings {

    static final List<String> KEYS = List.of(
            "dataDir", "statusDirs", "logDirs", "plotsDirs", "staleAfterSeconds", "staleWithoutHeartbeatAfterSeconds");
    private static final System.Logger LOG = System.getLogger(MovedWebSettings.class.getName());

    @Activate
    public MovedWebSettings(Map<String, Object> web) {
        check(web);
    }

    @Modified
    void check(Map<String, Object> web) {
        String warning = warning(web);
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    /** The warning for these settings of {@code org.labwatch.web}, or null when none of them moved. */
    static String warning(Map<String, Object> web) {
        List<String> moved = new ArrayList<>();
        for (String key : KEYS) {
            if (web.get(key) != null) {
                moved.add(key + " = " + web.get(key));
            }
        }
        return moved.isEmpty()
                ? null
                : "etc/" + IndexConfig.LEGACY_PID + ".cfg sets " + String.join(", ", moved)
                        + ", which " + (moved.size() == 1 ? "is" : "are")
                        + " not read there any more: the experiment index"
                        + " takes the directories and stale thresholds from etc/" + IndexConfig.PID
                        + ".cfg; move the line"
                        + (moved.size() == 1 ? "" : "s") + " there";
    }
}

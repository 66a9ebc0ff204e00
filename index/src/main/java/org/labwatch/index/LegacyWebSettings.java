package org.labwatch.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Carries the directory and staleness keys that servers set up before the index had its own
 * configuration keep in {@code org.labwatch.web} over to {@code org.labwatch.index}, where every
 * reader takes them from. A key the index's configuration already sets wins; Karaf writes what is
 * carried into {@code etc/org.labwatch.index.cfg}, and karaf.log says so once per change.
 *
 * <p>Why not one component with both PIDs: Felix SCR 2.2.6 left the second PID's configuration
 * unapplied when it existed before the bundle was installed (seen on a stock Karaf 4.4.10 with
 * {@code feature:install labwatch-shell}), and the order of two PIDs would decide which file wins.
 */
@Component(name = "org.labwatch.index.legacy", configurationPid = IndexConfig.LEGACY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
public final class LegacyWebSettings {

    static final List<String> KEYS = List.of("dataDir", "statusDirs", "logDirs", "plotsDirs", "staleAfterSeconds",
            "staleWithoutHeartbeatAfterSeconds");
    private static final System.Logger LOG = System.getLogger(LegacyWebSettings.class.getName());

    private final ConfigurationAdmin admin;

    @Activate
    public LegacyWebSettings(@Reference ConfigurationAdmin admin, Map<String, Object> web) {
        this.admin = admin;
        carryOver(web);
    }

    @Modified
    void carryOver(Map<String, Object> web) {
        try {
            Configuration index = admin.getConfiguration(IndexConfig.PID, "?");
            Dictionary<String, Object> properties = index.getProperties();
            Dictionary<String, Object> next = properties == null ? new Hashtable<>() : properties;
            List<String> carried = carry(web, next);
            for (String key : KEYS) {
                Object mine = next.get(key);
                if (web.get(key) != null && !carried.contains(key) && !String.valueOf(mine).equals(String.valueOf(web.get(key)))) {
                    LOG.log(System.Logger.Level.WARNING, key + " = " + web.get(key) + " in " + IndexConfig.LEGACY_PID
                            + " is not used: " + IndexConfig.PID + " sets " + key + " = " + mine);
                }
            }
            if (!carried.isEmpty()) {
                index.update(next);
                LOG.log(System.Logger.Level.WARNING, "carried " + carried + " from " + IndexConfig.LEGACY_PID + " to "
                        + IndexConfig.PID + ": the experiment index reads them there now (etc/" + IndexConfig.PID
                        + ".cfg); the lines in etc/" + IndexConfig.LEGACY_PID + ".cfg can go");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot carry the directory settings of " + IndexConfig.LEGACY_PID
                    + " over to " + IndexConfig.PID + "; set them in etc/" + IndexConfig.PID + ".cfg", e);
        }
    }

    /** Puts into {@code index} the keys {@code web} sets and {@code index} does not; returns their names. */
    static List<String> carry(Map<String, Object> web, Dictionary<String, Object> index) {
        List<String> carried = new ArrayList<>();
        for (String key : KEYS) {
            Object value = web.get(key);
            if (value != null && index.get(key) == null) {
                index.put(key, value);
                carried.add(key);
            }
        }
        return carried;
    }
}

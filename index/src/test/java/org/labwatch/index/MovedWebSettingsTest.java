package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MovedWebSettingsTest {

    @Test
    void anOlderWebConfigurationWithDirectoriesIsToldWhereTheyGoNow() {
        // An etc/org.labwatch.web.cfg from before the index: a directory and a threshold beside web keys.
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("dataDir", "/srv/lab");
        web.put("auth", "basic");
        web.put("staleAfterSeconds", "5");
        assertEquals(
                "etc/org.labwatch.web.cfg sets dataDir = /srv/lab, staleAfterSeconds = 5, which are not read there"
                        + " any more: the experiment index takes the directories and stale thresholds from"
                        + " etc/org.labwatch.index.cfg; move the lines there",
                MovedWebSettings.warning(web));
    }

    @Test
    void aWebConfigurationWithOnlyItsOwnKeysSaysNothing() {
        assertNull(MovedWebSettings.warning(Map.of("auth", "basic", "pageSize", "50")));
    }
}

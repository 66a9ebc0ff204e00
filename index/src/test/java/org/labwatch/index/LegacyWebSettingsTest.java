package org.labwatch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyWebSettingsTest {

    @Test
    void keysTheIndexLacksAreCarriedOverAndItsOwnWin() {
        // An older etc/org.labwatch.web.cfg: directories and a threshold beside the web's own keys.
        Map<String, Object> web = Map.of("dataDir", "/srv/lab", "staleAfterSeconds", "5", "auth", "basic",
                "pageSize", "50");
        Hashtable<String, Object> index = new Hashtable<>(Map.of("dataDir", "/srv/new", "service.pid", "org.labwatch.index"));

        List<String> carried = LegacyWebSettings.carry(web, index);

        assertEquals(List.of("staleAfterSeconds"), carried);
        assertEquals("/srv/new", index.get("dataDir"), "a key the index sets wins");
        assertEquals("5", index.get("staleAfterSeconds"));
        assertEquals(null, index.get("auth"), "only the index's keys move");
        assertEquals(List.of(), LegacyWebSettings.carry(web, index), "nothing more the second time");
    }
}

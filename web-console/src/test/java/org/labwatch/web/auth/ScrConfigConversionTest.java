package org.labwatch.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.felix.scr.impl.inject.internal.Annotations;
import org.junit.jupiter.api.Test;
import org.labwatch.web.config.Auth;
import org.labwatch.web.config.WebConfig;

/**
 * {@code auth} as Felix SCR 2.2.6 (the SCR of Karaf 4.4.10) hands it to {@link ReadAccess}: the
 * cfg file's text converted to {@link Auth} by SCR's own code, not by our test helper. SCR keeps
 * a value it cannot convert and throws when the setting is read; ReadAccess must then log and
 * refuse reads, not fail to activate.
 */
class ScrConfigConversionTest {

    /** Input: the component properties of {@code etc/org.labwatch.web.cfg} as SCR receives them. */
    private static WebConfig scr(String auth) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("auth", auth);
        properties.put("realm", "nosuch");
        properties.put("role", "");
        // Internal to Felix, but it is the very conversion SCR applies before activating a component.
        return Annotations.toObject(WebConfig.class, properties, null, true);
    }

    @Test
    void theCfgSpellingsBecomeTheirConstants() {
        assertEquals(Auth.none, scr("none").auth());
        assertEquals(Auth.basic, scr("basic").auth());
        // Input "none": reads are open.
        assertEquals(200, new ReadAccess(scr("none")).check(null).status());
        // Input "basic": a request without credentials is asked for them.
        assertEquals(401, new ReadAccess(scr("basic")).check(null).status());
    }

    @Test
    void aValueScrCannotConvertRefusesReadsInsteadOfFailingActivation() {
        // Inputs: a typo, capitals, a trailing space (java.util.Properties keeps it): all refused with 503.
        for (String wrong : new String[] {"basci", "BASIC", "basic "}) {
            ReadAccess access = new ReadAccess(scr(wrong));
            assertEquals(503, access.check(null).status(), wrong);
        }
    }
}

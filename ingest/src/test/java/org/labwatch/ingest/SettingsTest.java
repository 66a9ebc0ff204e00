package org.labwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.labwatch.internal.config.Configs;

/** etc/org.labwatch.ingest.cfg as Felix SCR hands it over (text values), and the settings made of it. */
class SettingsTest {

    /**
     * What the component gets: the declared defaults (DS puts them into the component's properties
     * from its XML), with the cfg file's text values over them.
     */
    static IngestConfig scr(Map<String, Object> cfg) {
        Map<String, Object> properties = new HashMap<>();
        for (Method m : IngestConfig.class.getDeclaredMethods()) {
            properties.put(m.getName().replace('_', '.'), m.getDefaultValue());
        }
        properties.putAll(cfg);
        return org.apache.felix.scr.impl.inject.internal.Annotations.toObject(
                IngestConfig.class, properties, null, true);
    }

    @Test
    void theShippedCfgFileHoldsTheDeclaredDefaults() throws Exception {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("../features/src/main/cfg/org.labwatch.ingest.cfg"))) {
            cfg.load(in);
        }
        Map<String, Object> text = new HashMap<>();
        cfg.forEach((k, v) -> text.put((String) k, v));
        IngestConfig fromFile = scr(text);
        IngestConfig defaults = Configs.defaults(IngestConfig.class);
        for (Method m : IngestConfig.class.getDeclaredMethods()) {
            assertEquals(m.invoke(defaults), m.invoke(fromFile), m.getName());
        }
        assertEquals(IngestConfig.class.getDeclaredMethods().length, cfg.size(), "every setting is in the file");
    }

    @Test
    void textValuesBecomeTheSettingsAndLogSinkTargetIsTheReferenceTarget() {
        Settings s = Settings.of(scr(Map.of(
                "chunkBytes", "1024",
                "maxRequestsPerSource", "2",
                "tokensFile", "/srv/tokens",
                "logSink.target", "(labwatch.sink.type=other)")));
        assertEquals(1024, s.chunkBytes());
        assertEquals(2, s.maxRequestsPerSource());
        assertEquals(Path.of("/srv/tokens"), s.tokensFile());
        assertEquals(
                "(labwatch.sink.type=other)",
                scr(Map.of("logSink.target", "(labwatch.sink.type=other)")).logSink_target());
    }

    @Test
    void theTokenFileIsInKarafEtcUnlessConfigured() {
        String before = System.getProperty("karaf.etc");
        try {
            System.setProperty("karaf.etc", "/opt/labwatch/etc");
            assertEquals(Path.of("/opt/labwatch/etc/org.labwatch.ingest.tokens"), Settings.tokensFile(""));
            assertEquals(Path.of("/opt/labwatch/etc/org.labwatch.ingest.tokens"), Settings.tokensFile("  "));
            assertEquals(Path.of("/elsewhere/tokens"), Settings.tokensFile("/elsewhere/tokens"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }

    @Test
    void aValueOutOfRangeIsRefusedAndTheSettingsInUseStay() {
        assertThrows(IllegalArgumentException.class, () -> Settings.of(scr(Map.of("chunkBytes", "0"))));
        Ingest ingest = new Ingest(scr(Map.of("readTimeoutMs", "-5")), () -> null);
        try {
            assertEquals(30_000, ingest.settings().readTimeoutMs(), "the defaults, not no ingest");
            ingest.modified(scr(Map.of("readTimeoutMs", "500")));
            assertEquals(500, ingest.settings().readTimeoutMs());
            ingest.modified(scr(Map.of("readTimeoutMs", "500", "maxRequestsPerSource", "0")));
            assertEquals(4, ingest.settings().maxRequestsPerSource(), "kept");
        } finally {
            ingest.deactivate();
        }
    }

    @Test
    void theMemoryForBodiesIsNeverBelowTheLargestBody() {
        Settings s = Settings.of(scr(Map.of("bodyBytesInFlight", "1000", "plotBytes", "5000")));
        assertEquals(16L * 1024 * 1024, s.bodyBytesInFlight(), "the status limit, the largest here");
    }
}

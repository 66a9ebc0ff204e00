package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.felix.scr.impl.inject.internal.Annotations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labwatch.internal.config.Configs;

/**
 * {@code progressConsole} and {@code progressStream} as text, converted the two ways they reach
 * {@link ConsoleBars}: by Felix SCR 2.2.6 (Karaf's {@code etc/org.labwatch.core.cfg}) and by
 * {@link Configs#of} (the {@code labwatch.core.*} system properties outside a container pass their
 * text through it). A value neither can convert is logged and the default is used.
 */
class ConsoleSettingsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> logged = new ArrayList<>();
    private final Logger jul = Logger.getLogger(ConsoleBars.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    /** Input: the cfg file's two lines as SCR receives them; the rest at their defaults. */
    private static CoreConfig scr(String console, String stream) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("progressConsole", console);
        properties.put("progressStream", stream);
        properties.put("progressMinIntervalMs", 100L);
        properties.put("progressPlainIntervalMs", 10_000L);
        // Internal to Felix, but it is the very conversion SCR applies before activating a component.
        return Annotations.toObject(CoreConfig.class, properties, null, true);
    }

    /** One bar opened and closed: where its plain end line goes says which stream was chosen. */
    private void drawOneBar(CoreConfig config) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        ConsoleBars console = new ConsoleBars(config, e, o);
        Bar bar = new BarBoard(console, java.time.ZoneId.systemDefault()).open("sweep", 1);
        bar.step();
        bar.close();
    }

    @Test
    void theCfgSpellingsConvertUnderScr() {
        for (CoreConfig.ProgressConsole c : CoreConfig.ProgressConsole.values()) {
            assertEquals(c, scr(c.name(), "stderr").progressConsole());
        }
        assertEquals(CoreConfig.ProgressStream.stdout, scr("auto", "stdout").progressStream());
        // Input: plain lines on stdout.
        drawOneBar(scr("plain", "stdout"));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).startsWith("sweep: 100%"), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), logged);
    }

    @Test
    void offUnderScrDrawsNothing() {
        // Input: progressConsole = off, as the distribution's cfg file has it.
        drawOneBar(scr("off", "stdout"));
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aValueScrCannotConvertIsLoggedAndTheDefaultUsed() {
        // Input: "Plain" (capital) and "STDOUT": neither converts; auto (plain here, no console) on stderr is used.
        drawOneBar(scr("Plain", "STDOUT"));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).startsWith("sweep: 100%"), err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, logged.size(), logged.toString());
        assertTrue(
                logged.get(0)
                                .startsWith(
                                        "SEVERE org.labwatch.core: progressConsole is not one of auto, terminal, plain, off")
                        && logged.get(0).contains("Plain"),
                logged.get(0));
        assertTrue(
                logged.get(1).startsWith("SEVERE org.labwatch.core: progressStream is neither stderr nor stdout")
                        && logged.get(1).contains("STDOUT"),
                logged.get(1));
    }

    @Test
    void systemPropertyTextConvertsTheSameWay() {
        // Input: -Dlabwatch.core.progressStream=stdout and -Dlabwatch.core.progressConsole=plain, as text.
        drawOneBar(Configs.of(CoreConfig.class, Map.of("progressConsole", "plain", "progressStream", "stdout")));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("sweep: 100%"));
        // Input: -Dlabwatch.core.progressConsole=loud: logged, auto used.
        drawOneBar(Configs.of(CoreConfig.class, Map.of("progressConsole", "loud")));
        assertTrue(logged.size() == 1 && logged.get(0).contains("loud"), logged.toString());
    }
}

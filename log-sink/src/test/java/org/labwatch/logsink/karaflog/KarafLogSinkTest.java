package org.labwatch.logsink.karaflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.RunInfo;
import org.slf4j.LoggerFactory;

/** Records reach a real SLF4J backend (Logback here, pax-logging in Karaf) under labwatch.<experiment>. */
class KarafLogSinkTest {

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final RunInfo run = new RunInfo("qubit cal", new MonitoringLayout(Path.of("/tmp/x")), OffsetDateTime.now());

    @BeforeEach
    void attach() {
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void detach() {
        root.detachAppender(events);
    }

    @Test
    void levelsMapAndLoggerIsNamedAfterTheExperiment() {
        KarafLogSink sink = new KarafLogSink(Configs.of(KarafLogSink.Config.class, Map.of("minLevel", "DEBUG")));
        sink.append(run, new LogRecord(1, Instant.now(), Level.DEBUG, "d", null));
        sink.append(run, new LogRecord(2, Instant.now(), Level.INFO, "i", null));
        sink.append(run, new LogRecord(3, Instant.now(), Level.WARNING, "w", null));
        sink.append(run, new LogRecord(4, Instant.now(), Level.ERROR, "e", "java.lang.X\n\tat y"));
        assertEquals(
                List.of("DEBUG d", "INFO i", "WARN w", "ERROR e\njava.lang.X\n\tat y"),
                events.list.stream()
                        .map(ev -> ev.getLevel() + " " + ev.getFormattedMessage())
                        .toList());
        assertTrue(events.list.stream().allMatch(ev -> ev.getLoggerName().equals("labwatch.qubit cal")));
    }

    @Test
    void recordsBelowTheMinimumLevelAreNotForwarded() {
        KarafLogSink sink = new KarafLogSink(Configs.defaults(KarafLogSink.Config.class));
        sink.append(run, new LogRecord(1, Instant.now(), Level.DEBUG, "hidden", null));
        sink.append(run, new LogRecord(2, Instant.now(), Level.INFO, "shown", null));
        assertEquals(
                List.of("shown"),
                events.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void anUnknownLevelNameIsLoggedAndInfoIsUsed() {
        // Input: minLevel = LOUD, a name of no level.
        KarafLogSink sink = new KarafLogSink(Configs.of(KarafLogSink.Config.class, Map.of("minLevel", "LOUD")));
        assertEquals(
                1,
                events.list.stream()
                        .filter(ev -> ev.getLevel() == ch.qos.logback.classic.Level.ERROR
                                && ev.getFormattedMessage()
                                        .contains("minLevel is not one of DEBUG, INFO, WARNING, ERROR")
                                && ev.getFormattedMessage().contains("LOUD"))
                        .count(),
                events.list.toString());
        events.list.clear();
        sink.append(run, new LogRecord(1, Instant.now(), Level.DEBUG, "hidden", null));
        sink.append(run, new LogRecord(2, Instant.now(), Level.INFO, "shown", null));
        assertEquals(
                List.of("shown"),
                events.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void levelsAsSpeltInTheCfgFileConvertAsScrConvertsThem() {
        // Input: the component properties of etc/org.labwatch.logsink.karaflog.cfg, converted by
        // Felix SCR 2.2.6's own code (internal, but what Karaf 4.4.10 runs before activating the sink).
        for (Level level : Level.values()) {
            assertEquals(level, scr(level.name()).minLevel());
        }
        // Input: "WARN", accepted by the old string parsing, and "info": SCR names the value when it is read.
        for (String wrong : new String[] {"WARN", "info"}) {
            events.list.clear();
            KarafLogSink sink = new KarafLogSink(scr(wrong));
            sink.append(run, new LogRecord(1, Instant.now(), Level.DEBUG, "hidden", null));
            assertTrue(
                    events.list.stream()
                            .anyMatch(ev -> ev.getLevel() == ch.qos.logback.classic.Level.ERROR
                                    && ev.getFormattedMessage().contains(wrong)),
                    wrong + ": " + events.list);
            assertTrue(
                    events.list.stream()
                            .noneMatch(ev -> ev.getFormattedMessage().equals("hidden")),
                    wrong);
        }
    }

    private static KarafLogSink.Config scr(String minLevel) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("minLevel", minLevel);
        properties.put("loggerPrefix", "labwatch.");
        return org.apache.felix.scr.impl.inject.internal.Annotations.toObject(
                KarafLogSink.Config.class, properties, null, true);
    }
}

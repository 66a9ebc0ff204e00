package org.labwatch.logsink.karaflog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.labwatch.api.Level;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards experiment records to the container's log, so {@code log:display} and {@code log:tail}
 * show them under logger {@code labwatch.<experiment>}. Off unless its configuration exists
 * (the {@code labwatch-log-karaf} feature installs one): a lab opts in.
 */
@Component(
        name = "org.labwatch.logsink.karaflog",
        service = LogSink.class,
        configurationPid = "org.labwatch.logsink.karaflog",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = LogSink.TYPE + "=karaf-log")
@Designate(ocd = KarafLogSink.Config.class)
public final class KarafLogSink implements LogSink {

    @ObjectClassDefinition(
            id = "org.labwatch.logsink.karaflog",
            name = "labwatch Karaf log sink",
            description = "Forwards experiment records to the container log")
    public @interface Config {
        @AttributeDefinition(description = "Least level forwarded: DEBUG, INFO, WARNING or ERROR")
        Level minLevel() default Level.INFO;

        @AttributeDefinition(description = "Logger name prefix; the experiment name follows it")
        String loggerPrefix() default "labwatch.";
    }

    private static final Logger LOG = LoggerFactory.getLogger(KarafLogSink.class);

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private volatile Level minLevel;
    private volatile String prefix;

    @Activate
    public KarafLogSink(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        // A misspelt level still forwards at the default rather than silencing the sink.
        minLevel = Configs.orElse(
                config::minLevel,
                Level.INFO,
                problem -> LOG.error(
                        "org.labwatch.logsink.karaflog:"
                                + " minLevel is not one of DEBUG, INFO, WARNING, ERROR, written exactly so ({}); INFO is used",
                        problem));
        prefix = config.loggerPrefix();
        loggers.clear();
    }

    @Override
    public void append(RunInfo run, LogRecord record) {
        if (record.level().ordinal() < minLevel.ordinal()) {
            return;
        }
        Logger logger = loggers.computeIfAbsent(run.experimentName(), name -> LoggerFactory.getLogger(prefix + name));
        String text = record.stackTrace() == null ? record.message() : record.message() + "\n" + record.stackTrace();
        switch (record.level()) {
            case DEBUG -> logger.debug(text);
            case INFO -> logger.info(text);
            case WARNING -> logger.warn(text);
            case ERROR -> logger.error(text);
        }
    }

    @Override
    public void runEnded(RunInfo run) {
        loggers.remove(run.experimentName());
    }

    @Override
    public String describe() {
        return "karaf-log (loggers " + prefix + "<experiment>, level >= " + minLevel + ")";
    }
}

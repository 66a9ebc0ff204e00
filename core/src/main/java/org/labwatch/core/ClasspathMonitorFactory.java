package org.labwatch.core;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.labwatch.api.Monitor;
import org.labwatch.api.MonitorFactory;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;

/**
 * The factory {@code Monitors.create} finds outside a container. All instances share one engine
 * built from the sinks and stores on the class path and {@code labwatch.core.*} system properties;
 * when the JVM exits, runs left open are marked interrupted.
 */
public final class ClasspathMonitorFactory implements MonitorFactory {

    private static final class Shared {
        static final MonitorEngine ENGINE = build();
    }

    /** Called by {@link ServiceLoader}. */
    public ClasspathMonitorFactory() {}

    @Override
    public Monitor create(Path exptPath, String experimentName) {
        return Shared.ENGINE.create(exptPath, experimentName);
    }

    private static MonitorEngine build() {
        CoreConfig config = Configs.of(CoreConfig.class, systemOverrides());
        MonitorEngine engine = new MonitorEngine(config, System.err, System.out);
        ClassLoader loader = ClasspathMonitorFactory.class.getClassLoader();
        for (LogSink sink : ServiceLoader.load(LogSink.class, loader)) {
            engine.bindSink(sink);
        }
        for (MetricSink sink : ServiceLoader.load(MetricSink.class, loader)) {
            engine.bindMetricSink(sink);
        }
        engine.statusStore(
                ServiceLoader.load(StatusStore.class, loader).findFirst().orElse(null));
        engine.plotStore(ServiceLoader.load(PlotStore.class, loader).findFirst().orElse(null));
        if (engine.sinks().isEmpty() || engine.statusStore() == null || engine.plotStore() == null) {
            System.err.println("labwatch: incomplete class path: "
                    + (engine.sinks().isEmpty() ? "no log sink (labwatch-log-sink.jar) " : "")
                    + (engine.statusStore() == null ? "no status store (labwatch-status-store.jar and Jackson) " : "")
                    + (engine.plotStore() == null ? "no plot store (labwatch-plot-store.jar) " : "")
                    + "- records are held in memory until the JVM exits");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::shutdown, "labwatch-shutdown"));
        return engine;
    }

    /** {@code -Dlabwatch.core.echo=false} and friends; outside a container echo defaults to on, like print(). */
    private static Map<String, Object> systemOverrides() {
        Map<String, Object> values = new HashMap<>();
        values.put("echo", Boolean.TRUE);
        for (var method : CoreConfig.class.getDeclaredMethods()) {
            String text = System.getProperty("labwatch.core." + method.getName());
            if (text == null) {
                continue;
            }
            Class<?> type = method.getReturnType();
            try {
                Object value = type == long.class
                        ? Long.valueOf(text.trim())
                        : type == int.class
                                ? Integer.valueOf(text.trim())
                                : type == boolean.class ? Boolean.valueOf(text.trim()) : text;
                values.put(method.getName(), value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "system property labwatch.core." + method.getName() + "=" + text + " is not a "
                                + type.getSimpleName(),
                        e);
            }
        }
        return values;
    }
}

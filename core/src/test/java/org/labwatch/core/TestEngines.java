package org.labwatch.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.labwatch.internal.config.Configs;
import org.labwatch.internal.ship.Shipper;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;

/** An engine wired to the real sink and stores (found as users' programs find them), with a captured console. */
final class TestEngines implements AutoCloseable {

    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
    final MonitorEngine engine;
    final LogSink sink = ServiceLoader.load(LogSink.class).findFirst().orElseThrow();
    final MetricSink metricSink =
            ServiceLoader.load(MetricSink.class).findFirst().orElseThrow();
    final StatusStore statusStore =
            ServiceLoader.load(StatusStore.class).findFirst().orElseThrow();
    final PlotStore plotStore = ServiceLoader.load(PlotStore.class).findFirst().orElseThrow();

    TestEngines(Map<String, ?> settings) {
        this(settings, Map.of(), Shipper.Settings.defaults());
    }

    /** @param env the environment the engine sees ({@code LABWATCH_SERVER}, {@code LABWATCH_TOKEN}) */
    TestEngines(Map<String, ?> settings, Map<String, String> env, Shipper.Settings ship) {
        engine = new MonitorEngine(Configs.of(CoreConfig.class, settings), console, console, env, ship);
        engine.bindSink(sink);
        engine.bindMetricSink(metricSink);
        engine.statusStore(statusStore);
        engine.plotStore(plotStore);
    }

    TestEngines() {
        this(Map.of());
    }

    String console() {
        synchronized (consoleBytes) {
            return consoleBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        engine.shutdown();
    }
}

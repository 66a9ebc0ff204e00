package org.labwatch.core;

import java.nio.file.Path;
import org.labwatch.api.Monitor;
import org.labwatch.api.MonitorFactory;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.StatusStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link MonitorFactory} as an OSGi service. Sinks and stores are dynamic: a lab can restart or
 * replace one while experiments run, and their records wait in each run's backlog meanwhile.
 */
@Component(service = MonitorFactory.class, configurationPid = "org.labwatch.core")
@Designate(ocd = CoreConfig.class)
public final class CoreMonitorFactory implements MonitorFactory {

    private final MonitorEngine engine;

    @Activate
    public CoreMonitorFactory(CoreConfig config) {
        this.engine = new MonitorEngine(config, System.err, System.out);
    }

    @Override
    public Monitor create(Path exptPath, String experimentName) {
        return engine.create(exptPath, experimentName);
    }

    @Modified
    void modified(CoreConfig config) {
        engine.reconfigure(config);
    }

    @Deactivate
    void deactivate() {
        engine.shutdown();
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLogSink(LogSink sink) {
        engine.bindSink(sink);
    }

    void unbindLogSink(LogSink sink) {
        engine.unbindSink(sink);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetricSink(MetricSink sink) {
        engine.bindMetricSink(sink);
    }

    void unbindMetricSink(MetricSink sink) {
        engine.unbindMetricSink(sink);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStatusStore(StatusStore store) {
        engine.statusStore(store);
    }

    void unbindStatusStore(StatusStore store) {
        if (engine.statusStore() == store) {
            engine.statusStore(null);
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPlotStore(PlotStore store) {
        engine.plotStore(store);
    }

    void unbindPlotStore(PlotStore store) {
        if (engine.plotStore() == store) {
            engine.plotStore(null);
        }
    }
}

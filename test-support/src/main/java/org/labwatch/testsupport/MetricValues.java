package org.labwatch.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.MetricBatch;

/**
 * A batch as a test builds it: values added one by one, in the order a run would record them. The
 * file sink's and the PostgreSQL sink's tests write the same batches through it.
 */
public final class MetricValues implements MetricBatch {

    private final List<String> names = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();

    public MetricValues add(long timeMillis, long step, String name, double value) {
        times.add(timeMillis);
        steps.add(step);
        names.add(name);
        values.add(value);
        return this;
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public String name(int i) {
        return names.get(i);
    }

    @Override
    public long step(int i) {
        return steps.get(i);
    }

    @Override
    public double value(int i) {
        return values.get(i);
    }

    @Override
    public long timeMillis(int i) {
        return times.get(i);
    }
}

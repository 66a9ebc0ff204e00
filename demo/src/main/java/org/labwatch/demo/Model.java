package org.labwatch.demo;

import java.util.Random;

/** The physics each simulated step measures: a resonance dip, Rabi oscillation or decay. */
final class Model {

    private enum Shape {
        DIP,
        OSCILLATION,
        DECAY,
        DECAYING_OSCILLATION,
        PEAK
    }

    final double x0;
    final double x1;
    final double noise;
    final String xLabel;
    final String quantity;
    final String unit;
    private final Shape shape;
    private final double center;
    private final double width;

    private Model(
            Shape shape,
            double x0,
            double x1,
            double center,
            double width,
            double noise,
            String xLabel,
            String quantity,
            String unit) {
        this.shape = shape;
        this.x0 = x0;
        this.x1 = x1;
        this.center = center;
        this.width = width;
        this.noise = noise;
        this.xLabel = xLabel;
        this.quantity = quantity;
        this.unit = unit;
    }

    static Model of(String step, Random r) {
        double jitter = 1 + 0.05 * r.nextGaussian();
        return switch (step) {
            case "Resonator Spectroscopy" ->
                new Model(
                        Shape.DIP,
                        749,
                        751.5,
                        750.2 + 0.3 * r.nextGaussian() / 3,
                        0.15,
                        0.04,
                        "frequency (MHz)",
                        "readout frequency",
                        "MHz");
            case "Pulse Probe GE" ->
                new Model(
                        Shape.PEAK,
                        4700,
                        4800,
                        4750 + 10 * r.nextGaussian() / 3,
                        6,
                        0.05,
                        "frequency (MHz)",
                        "qubit frequency",
                        "MHz");
            case "Pulse Probe EF" ->
                new Model(
                        Shape.PEAK,
                        4500,
                        4600,
                        4550 + 10 * r.nextGaussian() / 3,
                        6,
                        0.05,
                        "frequency (MHz)",
                        "ef frequency",
                        "MHz");
            case "Rabi Amplitude GE", "Rabi Amplitude EF" ->
                new Model(
                        Shape.OSCILLATION,
                        0,
                        30000,
                        0,
                        12000 * jitter,
                        0.05,
                        "gain (DAC units)",
                        "pi-pulse gain",
                        "DAC");
            case "T1 GE" -> new Model(Shape.DECAY, 0, 200, 0, 45 * jitter, 0.03, "delay (us)", "T1", "us");
            case "T2 Ramsey GE", "T2 Echo GE" ->
                new Model(Shape.DECAYING_OSCILLATION, 0, 60, 0, 25 * jitter, 0.04, "delay (us)", "T2", "us");
            default ->
                new Model(
                        Shape.DIP,
                        -1,
                        1,
                        0.1 * r.nextGaussian(),
                        0.3,
                        0.05,
                        "readout phase (rad)",
                        "optimal phase",
                        "rad");
        };
    }

    double value(double x) {
        return switch (shape) {
            case DIP -> 1 - 0.8 / (1 + Math.pow((x - center) / width, 2));
            case PEAK -> 0.1 + 0.9 / (1 + Math.pow((x - center) / width, 2));
            case OSCILLATION -> 0.5 - 0.5 * Math.cos(Math.PI * x / width);
            case DECAY -> Math.exp(-x / width);
            case DECAYING_OSCILLATION -> 0.5 + 0.5 * Math.exp(-x / width) * Math.cos(2 * Math.PI * 0.15 * x);
        };
    }

    /** A deliberately simple estimator: extremum for spectra, 1/e crossing for decays. */
    double estimate(double[] x, double[] y) {
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            boolean better = switch (shape) {
                case DIP -> y[i] < y[best];
                case PEAK, OSCILLATION -> y[i] > y[best];
                case DECAY -> Math.abs(y[i] - Math.exp(-1)) < Math.abs(y[best] - Math.exp(-1));
                case DECAYING_OSCILLATION -> false;
            };
            if (better) {
                best = i;
            }
        }
        if (shape == Shape.DECAYING_OSCILLATION) {
            return width * (1 + 0.02 * (y[y.length / 2] - value(x[x.length / 2])));
        }
        return x[best];
    }

    void fitOrThrow(double[] x, double[] y, double maxResidual) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.pow(y[i] - value(x[i]), 2);
        }
        double rms = Math.sqrt(sum / x.length);
        if (rms > maxResidual) {
            throw new IllegalStateException(String.format(
                    java.util.Locale.ROOT, "residual %.3f above %.3f after 200 iterations", rms, maxResidual));
        }
    }
}

package org.labwatch.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;

/**
 * A simulated 10-step single-qubit calibration: each step "measures" a noisy sweep from a model
 * of the physics, fits it, logs the result and saves the plot. It exists so that a newcomer sees
 * a live run with steps, messages, an error, plots and completion, without lab hardware.
 */
public final class CalibrationDemo {

    static final List<String> STEPS = List.of(
            "Resonator Spectroscopy",
            "Single Shot",
            "Pulse Probe GE",
            "Rabi Amplitude GE",
            "T1 GE",
            "T2 Ramsey GE",
            "T2 Echo GE",
            "Pulse Probe EF",
            "Rabi Amplitude EF",
            "Readout Optimization");

    private final Monitor monitor;
    private final long pointPauseNanos;
    private final Random random;

    /**
     * @param pointPause simulated acquisition time per sweep point (60 points per step)
     */
    public CalibrationDemo(Monitor monitor, java.time.Duration pointPause, long seed) {
        this.monitor = monitor;
        this.pointPauseNanos = pointPause.toNanos();
        this.random = new Random(seed);
    }

    /** {@code java ... org.labwatch.demo.CalibrationDemo [exptPath] [secondsPerStep]} */
    public static void main(String[] args) throws InterruptedException {
        Path expt = Path.of(args.length > 0 ? args[0] : "labwatch-data");
        double secondsPerStep = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        String name = "demo_calibration";
        System.out.println("labwatch demo: writing to " + expt.toAbsolutePath().resolve("monitoring"));
        try (Monitor monitor = Monitors.create(expt, name)) {
            new CalibrationDemo(
                            monitor, java.time.Duration.ofNanos((long) (secondsPerStep * 1e9 / 60)), System.nanoTime())
                    .run();
        }
        System.out.println("labwatch demo: done. Try: cat " + expt.resolve("monitoring/status/" + name + "_status.json")
                + "  and  tail " + expt.resolve("monitoring/logs") + "/" + name + "_*.log");
    }

    public void run() throws InterruptedException {
        monitor.log("Starting simulated calibration of qubit q0 (" + STEPS.size() + " steps)");
        monitor.updateProgress("Starting", 0, STEPS.size());
        for (int i = 0; i < STEPS.size(); i++) {
            String step = STEPS.get(i);
            monitor.updateProgress(step, i + 1, STEPS.size(), "Starting " + step + "...");
            measure(step);
        }
        monitor.complete("All experiments completed successfully!");
    }

    private void measure(String step) throws InterruptedException {
        int n = 60;
        double[] x = new double[n];
        double[] truth = new double[n];
        Model model = Model.of(step, random);
        for (int i = 0; i < n; i++) {
            x[i] = model.x0 + (model.x1 - model.x0) * i / (n - 1);
            truth[i] = model.value(x[i]);
        }
        double noise = model.noise;
        if (step.equals("T2 Echo GE")) {
            double[] y = acquire(x, truth, noise * 6, step);
            try {
                model.fitOrThrow(x, y, 0.1);
            } catch (IllegalStateException e) {
                monitor.error("T2 Echo fit did not converge; repeating with 4x averages", e);
            }
            noise /= 2;
        }
        double[] y = acquire(x, truth, noise, step);
        double result = model.estimate(x, y);
        if (step.equals("Single Shot")) {
            monitor.warn(String.format(
                    Locale.ROOT, "Readout fidelity %.1f %% is below the 95 %% target", 90 + 4 * random.nextDouble()));
        }
        monitor.log(String.format(Locale.ROOT, "%s completed: %s = %.4g %s", step, model.quantity, result, model.unit));
        monitor.savePlot(
                PlotPainter.paint(step, model.xLabel, "signal (a.u.)", x, y, truth),
                step.toLowerCase(Locale.ROOT).replace(' ', '_'));
    }

    private double[] acquire(double[] x, double[] truth, double noise, String step) throws InterruptedException {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = truth[i] + noise * random.nextGaussian();
            if (pointPauseNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(pointPauseNanos);
            }
            if ((i + 1) % 20 == 0) {
                monitor.log(String.format(Locale.ROOT, "%s: %d/%d points", step, i + 1, x.length));
            }
        }
        return y;
    }
}

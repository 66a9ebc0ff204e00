package org.labwatch.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Draws measured points and a fitted curve, the way a matplotlib figure would show them. */
final class PlotPainter {

    private static final int W = 640;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private PlotPainter() {}

    static BufferedImage paint(String title, String xLabel, String yLabel, double[] x, double[] y, double[] fit) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double xMin = min(x);
        double xMax = max(x);
        double yMin = Math.min(min(y), fit == null ? Double.MAX_VALUE : min(fit));
        double yMax = Math.max(max(y), fit == null ? -Double.MAX_VALUE : max(fit));
        double pad = (yMax - yMin) * 0.05 + 1e-12;
        yMin -= pad;
        yMax += pad;

        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, W / 2 - 40, H - 12);
        g.drawString(yLabel, 8, TOP - 14 + 0);
        for (int i = 0; i <= 4; i++) {
            double xv = xMin + (xMax - xMin) * i / 4;
            double yv = yMin + (yMax - yMin) * i / 4;
            int px = px(xv, xMin, xMax);
            int py = py(yv, yMin, yMax);
            g.drawString(String.format(Locale.ROOT, "%.3g", xv), px - 18, H - BOTTOM + 16);
            g.drawString(String.format(Locale.ROOT, "%.3g", yv), 12, py + 4);
        }

        g.setColor(new Color(31, 119, 180));
        for (int i = 0; i < x.length; i++) {
            g.fillOval(px(x[i], xMin, xMax) - 2, py(y[i], yMin, yMax) - 2, 5, 5);
        }
        if (fit != null) {
            g.setColor(new Color(214, 39, 40));
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < x.length; i++) {
                g.drawLine(
                        px(x[i - 1], xMin, xMax),
                        py(fit[i - 1], yMin, yMax),
                        px(x[i], xMin, xMax),
                        py(fit[i], yMin, yMax));
            }
        }
        g.dispose();
        return img;
    }

    private static int px(double v, double min, double max) {
        return LEFT + (int) Math.round((v - min) / (max - min) * (W - LEFT - RIGHT));
    }

    private static int py(double v, double min, double max) {
        return H - BOTTOM - (int) Math.round((v - min) / (max - min) * (H - TOP - BOTTOM));
    }

    private static double min(double[] a) {
        double m = Double.MAX_VALUE;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = -Double.MAX_VALUE;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}

package org.labwatch.core;

import java.util.Locale;

/** Formats a progress bar as tqdm does: {@code desc:  45%|████▌     | 45/100 [00:12<00:15,  3.67it/s]}. */
final class BarLine {

    private static final char[] PARTIAL = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};
    private static final int WIDTH = 10;

    private BarLine() {}

    /**
     * @param total   0 or less when unknown
     * @param elapsed seconds since the bar started
     */
    static String format(String description, long n, long total, double elapsed, String message) {
        StringBuilder sb = new StringBuilder(96);
        if (description != null && !description.isEmpty()) {
            sb.append(description).append(": ");
        }
        double rate = elapsed > 0 ? n / elapsed : 0;
        if (total > 0) {
            double fraction = Math.min(1.0, Math.max(0.0, (double) n / total));
            sb.append(String.format(Locale.ROOT, "%3.0f%%|", fraction * 100));
            bar(sb, fraction);
            sb.append("| ")
                    .append(n)
                    .append('/')
                    .append(total)
                    .append(" [")
                    .append(clock(elapsed))
                    .append('<');
            sb.append(rate > 0 ? clock((total - Math.min(n, total)) / rate) : "?");
            sb.append(", ");
        } else {
            sb.append(n).append("it [").append(clock(elapsed)).append(", ");
        }
        sb.append(rate(rate));
        if (message != null && !message.isEmpty()) {
            sb.append(", ").append(message);
        }
        return sb.append(']').toString();
    }

    static String clock(double seconds) {
        long s = (long) seconds;
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%02d:%02d", m, sec);
    }

    private static String rate(double perSecond) {
        if (perSecond <= 0) {
            return "?it/s";
        }
        return perSecond >= 1 || perSecond == 0
                ? String.format(Locale.ROOT, "%5.2fit/s", perSecond)
                : String.format(Locale.ROOT, "%5.2fs/it", 1 / perSecond);
    }

    private static void bar(StringBuilder sb, double fraction) {
        int eighths = (int) (fraction * WIDTH * 8);
        int full = eighths / 8;
        int rest = eighths % 8;
        for (int i = 0; i < full; i++) {
            sb.append('█');
        }
        if (full < WIDTH) {
            sb.append(PARTIAL[rest]);
            for (int i = full + 1; i < WIDTH; i++) {
                sb.append(' ');
            }
        }
    }
}

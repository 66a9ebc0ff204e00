package org.labwatch.internal.plots;

import java.util.Locale;
import org.labwatch.spi.PlotType;

/** How a refused plot's content is described: the type itself comes from {@link PlotType#of}. */
final class PlotContent {

    private PlotContent() {}

    /** "25 50 44 46 ..." for error messages: what the content really starts with. */
    static String firstBytes(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(bytes.length, 8);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return shown < bytes.length ? text.append(" ...").toString() : text.toString();
    }
}

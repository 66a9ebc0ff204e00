package org.labwatch.web.api;

import java.nio.charset.StandardCharsets;

/** Small real images for plot tests. */
public final class SvgPlots {

    public static final byte[] PNG_1X1 = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private SvgPlots() {}

    public static byte[] svg(String title) {
        return ("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><title>"
                        + title + "</title><rect width=\"10\" height=\"10\"/></svg>\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}

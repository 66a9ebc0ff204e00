package org.labwatch.spi;

/** The image types a plot may be; decided from the bytes, never from the name. */
public enum PlotType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    SVG("image/svg+xml", "svg");

    /** How much of a file {@link #of(byte[], int)} looks at: enough for any SVG prolog plotting libraries write. */
    public static final int SNIFF_BYTES = 4096;

    private final String mediaType;
    private final String extension;

    PlotType(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The type of the content in {@code head[0, length)}, or null when it is none of these. One
     * rule for every part: the plot store checks what it stores with it, the dashboard what it serves.
     */
    public static PlotType of(byte[] head, int length) {
        return PlotSignatures.typeOf(head, Math.min(length, head.length));
    }

    /** The extension added to a name that has none, without the dot. */
    public String extension() {
        return extension;
    }
}

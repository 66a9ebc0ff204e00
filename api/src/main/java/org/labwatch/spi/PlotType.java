package org.labwatch.spi;

/** The image types a plot may be; decided from the bytes, never from the name. */
public enum PlotType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    SVG("image/svg+xml", "svg");

    private final String mediaType;
    private final String extension;

    PlotType(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The extension added to a name that has none, without the dot. */
    public String extension() {
        return extension;
    }
}

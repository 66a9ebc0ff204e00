package org.labwatch.internal.plots;

import java.util.Locale;
import org.labwatch.api.Names;
import org.labwatch.spi.PlotType;

/**
 * The file name of a plot: the user's name when it already ends with the extension of its
 * content, else the name with that extension added. A name whose extension contradicts the
 * content is refused rather than renamed, because the user would look for the wrong file.
 */
final class PlotFileName {

    private PlotFileName() {}

    static String of(String name, PlotType type) {
        String extension = imageExtension(name);
        if (extension == null) {
            String fileName = name + "." + type.extension();
            // Checked again so every file this store writes passes the rule readers apply to it.
            return Names.checkName("plot file name (with the extension added)", fileName);
        }
        if (typeOfExtension(extension) != type) {
            throw new IllegalArgumentException(
                    "plot \"" + name + "\": name says ." + extension + " but the content is " + type);
        }
        return name;
    }

    /** The known image extension the name ends with, lower case without the dot, or null. */
    private static String imageExtension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return typeOfExtension(extension) == null ? null : extension;
    }

    private static PlotType typeOfExtension(String extension) {
        switch (extension) {
            case "png":
                return PlotType.PNG;
            case "jpg":
            case "jpeg":
                return PlotType.JPEG;
            case "svg":
                return PlotType.SVG;
            default:
                return null;
        }
    }
}

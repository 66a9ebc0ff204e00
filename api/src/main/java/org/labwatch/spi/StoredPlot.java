package org.labwatch.spi;

import java.nio.file.Path;
import java.time.Instant;

/** A plot file on disk. {@code type} is null for a file whose content is not a known image. */
public record StoredPlot(String fileName, Path path, PlotType type, long bytes, Instant modified) {}

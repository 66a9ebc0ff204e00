package org.labwatch.api;

import java.time.OffsetDateTime;

/** One entry of the status {@code plots[]}: the file name in {@code monitoring/plots/}, its checked type and size. */
public record PlotRecord(String name, String file, OffsetDateTime timestamp, String mediaType, long bytes) {}

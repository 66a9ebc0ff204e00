package org.labwatch.spi;

/** A plot checked by {@link PlotStore#prepare}: safe file name, type from content, the bytes. */
public record Plot(String fileName, PlotType type, byte[] bytes) {}

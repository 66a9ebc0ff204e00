package org.labwatch.ingest;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How far behind each shipping root is, as its shipper said in the {@code Labwatch-Behind} header of
 * its latest request: the bytes it still had to send after that request. Kept in memory only, one
 * entry per root that sent one, and believed for {@code behindFreshSeconds}: a shipper that stopped
 * talking says nothing about its run any more. The index asks, through
 * {@link org.labwatch.spi.ShippingProgress}, so that a run catching up after an outage is not called stale.
 */
final class ShippingReports {

    static final String HEADER = "Labwatch-Behind";

    private record Report(long bytes, long atNanos) {}

    private final ConcurrentHashMap<Path, Report> reports = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    ShippingReports(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** @param header the request's {@code Labwatch-Behind}, or null; a value that is no byte count is ignored */
    void record(RootDirs root, String header) {
        if (header == null) {
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return;
        }
        if (bytes >= 0) {
            reports.put(key(root.root()), new Report(bytes, nanoTime.getAsLong()));
        }
    }

    /** @param statusFile {@code <remote>/<source>/<root>/monitoring/status/<file>} */
    OptionalLong behind(Path statusFile, long freshSeconds) {
        Path status = statusFile.toAbsolutePath().normalize().getParent();
        Path monitoring = status == null ? null : status.getParent();
        Path root = monitoring == null ? null : monitoring.getParent();
        if (root == null
                || !"status".equals(String.valueOf(status.getFileName()))
                || !"monitoring".equals(String.valueOf(monitoring.getFileName()))) {
            return OptionalLong.empty();
        }
        Report report = reports.get(root);
        if (report == null || nanoTime.getAsLong() - report.atNanos() > freshSeconds * 1_000_000_000L) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(report.bytes());
    }

    private static Path key(Path root) {
        return root.toAbsolutePath().normalize();
    }
}

package org.labwatch.ingest;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.labwatch.spi.ShippingProgress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * How far behind each shipping root is, as its shipper said in the {@code Labwatch-Behind} header of
 * its latest request: the bytes it still had to send after that request. Kept in memory only, one
 * entry per root that sent one, and believed for {@code behindFreshSeconds}: a shipper that stopped
 * talking says nothing about its run any more. The index asks, through
 * {@link ShippingProgress}, so that a run catching up after an outage is not called stale.
 *
 * <p>A component of its own that references nothing: the index references the ShippingProgress
 * service, and {@link Ingest}, which records here, references the index; were this service the
 * ingest's, SCR would find the two in a cycle when the index binds it (seen in Karaf: "Could not get
 * service").
 */
@Component(
        name = "org.labwatch.ingest.shipping",
        service = {ShippingProgress.class, ShippingReports.class},
        configurationPid = Ingest.PID)
public final class ShippingReports implements ShippingProgress {

    static final String HEADER = "Labwatch-Behind";
    private static final long DEFAULT_FRESH_SECONDS = 120;

    private record Report(long bytes, long atNanos) {}

    private final ConcurrentHashMap<Path, Report> reports = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile long freshSeconds;

    @Activate
    public ShippingReports(IngestConfig config) {
        this(System::nanoTime, config.behindFreshSeconds() > 0 ? config.behindFreshSeconds() : DEFAULT_FRESH_SECONDS);
    }

    ShippingReports(LongSupplier nanoTime, long freshSeconds) {
        this.nanoTime = nanoTime;
        this.freshSeconds = freshSeconds;
    }

    /** A value out of range keeps the one in use (Ingest logs the settings' problems). */
    @Modified
    void modified(IngestConfig config) {
        if (config.behindFreshSeconds() > 0) {
            freshSeconds = config.behindFreshSeconds();
        }
    }

    @Override
    public OptionalLong behind(Path statusFile) {
        return behind(statusFile, freshSeconds);
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

package org.labwatch.ingest;

import java.nio.file.Path;

/** The ingest settings a request uses, checked once when the configuration arrives. */
record Settings(
        Path tokensFile,
        long chunkBytes,
        long statusBytes,
        long plotBytes,
        long bodyBytesInFlight,
        long readTimeoutMs,
        int maxRequestsPerSource,
        int retryAfterSeconds,
        long behindFreshSeconds) {

    static final String TOKENS_FILE_NAME = "org.labwatch.ingest.tokens";

    /** @throws IllegalArgumentException naming the setting that is out of range; the caller keeps the ones in use */
    static Settings of(IngestConfig config) {
        return new Settings(
                tokensFile(config.tokensFile()),
                positive("chunkBytes", config.chunkBytes()),
                positive("statusBytes", config.statusBytes()),
                positive("plotBytes", config.plotBytes()),
                bodyBytesInFlight(config),
                positive("readTimeoutMs", config.readTimeoutMs()),
                (int) positive("maxRequestsPerSource", config.maxRequestsPerSource()),
                (int) positive("retryAfterSeconds", config.retryAfterSeconds()),
                positive("behindFreshSeconds", config.behindFreshSeconds()));
    }

    /** Where the launcher writes tokens too: {@code <karaf.etc>/org.labwatch.ingest.tokens}, unless configured. */
    static Path tokensFile(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String etc = System.getProperty("karaf.etc");
        return (etc == null || etc.isBlank() ? Path.of("etc") : Path.of(etc)).resolve(TOKENS_FILE_NAME);
    }

    /** Never below the largest single body: such a body could otherwise never be taken. */
    private static long bodyBytesInFlight(IngestConfig config) {
        long largest = Math.max(config.chunkBytes(), Math.max(config.statusBytes(), config.plotBytes()));
        return Math.max(positive("bodyBytesInFlight", config.bodyBytesInFlight()), largest);
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(Ingest.PID + " " + name + " must be positive, got " + value);
        }
        return value;
    }
}

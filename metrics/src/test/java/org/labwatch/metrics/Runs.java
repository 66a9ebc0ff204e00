package org.labwatch.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.labwatch.index.StatusIndex;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricSource;
import org.labwatch.status.JsonStatusStore;

/**
 * A data directory with runs whose status and metrics files the test writes by hand, in the
 * format of docs/metrics.md, read through the real index and the real metrics source.
 */
final class Runs implements AutoCloseable {

    static final String HEADER = "time,step,name,value\n";

    final Path data;
    final StatusIndex index;
    final LogSource logs;
    final MetricsReader source;

    Runs(Path data) {
        this(data, Map.of());
    }

    /** {@code settings}: of org.labwatch.metrics by name. */
    Runs(Path data, Map<String, ?> settings) {
        this(data, new FileLogSource(), settings);
    }

    /** Read through {@code logs}, which the index finds logs with too. */
    Runs(Path data, LogSource logs, Map<String, ?> settings) {
        this.data = data;
        this.logs = logs;
        Map<String, Object> indexSettings = new HashMap<>();
        indexSettings.put("dataDir", data.toString());
        this.index = StatusIndex.of(new JsonStatusStore(), indexSettings);
        index.bindLogSource(logs);
        this.source = new MetricsReader(index, logs, settings);
    }

    MetricSource source() {
        return source;
    }

    /**
     * A run as labwatch writes it: a status naming its log file {@code <name>_<stamp>.log}, in the
     * monitoring directory {@code monitoring} (the data directory's, or a shipped root's).
     *
     * @return its metrics file (not created)
     */
    static Path run(Path monitoring, String name, String stamp) throws IOException {
        String status = seed().replace("\"autocalibration\"", "\"" + name + "\"")
                .replace(
                        "\"status\": \"running\"",
                        "\"status\": \"running\", \"log_file\": \"" + name + "_" + stamp + ".log\"");
        Files.createDirectories(monitoring.resolve("status"));
        Files.writeString(monitoring.resolve("status/" + name + "_status.json"), status);
        Files.createDirectories(monitoring.resolve("metrics"));
        return monitoring.resolve("metrics/" + name + "_" + stamp + ".csv");
    }

    Path run(String name, String stamp) throws IOException {
        return run(data.resolve("monitoring"), name, stamp);
    }

    /** A run whose status names no log file, as the seed's Python tool writes it. */
    Path seedRun(String name) throws IOException {
        Path monitoring = data.resolve("monitoring");
        Files.createDirectories(monitoring.resolve("status"));
        Files.writeString(
                monitoring.resolve("status/" + name + "_status.json"),
                seed().replace("\"autocalibration\"", "\"" + name + "\""));
        return Files.createDirectories(monitoring.resolve("metrics"));
    }

    /** A log of a run whose status names none; the index finds the most recently written one. */
    void seedLog(String name, String stamp) throws IOException {
        Path logs = Files.createDirectories(data.resolve("monitoring/logs"));
        Path log = Files.writeString(
                logs.resolve(name + "_" + stamp + ".log"), "2026-12-04 00:00:00,000 - INFO - started\n");
        // Last written at its run's start: the log finder takes the most recently written log.
        LocalDateTime start = LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Files.setLastModifiedTime(
                log, FileTime.from(start.atZone(ZoneId.systemDefault()).toInstant()));
    }

    static String seed() throws IOException {
        try (InputStream in = Runs.class.getResourceAsStream("/seed_example_status.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void close() {
        index.close();
    }
}

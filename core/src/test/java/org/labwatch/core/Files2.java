package org.labwatch.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads what a run left on disk the way an outside reader (cat, a Python script) would. */
final class Files2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Files2() {}

    static JsonNode status(Path exptPath, String name) {
        try {
            return JSON.readTree(exptPath.resolve("monitoring/status/" + name + "_status.json")
                    .toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path onlyLog(Path exptPath) {
        try (Stream<Path> s = Files.list(exptPath.resolve("monitoring/logs"))) {
            List<Path> logs = s.filter(p -> p.toString().endsWith(".log"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
            if (logs.size() != 1) {
                throw new AssertionError("expected one log file, found " + logs);
            }
            return logs.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.labwatch.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What differs between a client's monitoring directory and the server's copy of it: logs and
 * metrics byte for byte, status files as parsed JSON, plots as the same set of names with the same
 * bytes (a plot sent twice under another name, or one missing, is a difference). Hidden files (a
 * store's temporary files) are not part of either side.
 */
final class MirrorComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MirrorComparison() {}

    /** Empty when the server's copy {@code theirs} equals {@code mine}. */
    static List<String> differences(Path mine, Path theirs) {
        List<String> d = new ArrayList<>();
        bytes(mine.resolve("logs"), theirs.resolve("logs"), "log", d);
        bytes(mine.resolve("metrics"), theirs.resolve("metrics"), "metrics", d);
        bytes(mine.resolve("plots"), theirs.resolve("plots"), "plot", d);
        statuses(mine.resolve("status"), theirs.resolve("status"), d);
        return d;
    }

    private static void bytes(Path mine, Path theirs, String kind, List<String> d) {
        Set<String> names = names(mine);
        Set<String> serverNames = names(theirs);
        if (!names.equals(serverNames)) {
            d.add(kind + " files differ: client " + names + ", server " + serverNames);
        }
        for (String n : names) {
            if (!serverNames.contains(n)) {
                continue;
            }
            byte[] a = read(mine.resolve(n));
            byte[] b = read(theirs.resolve(n));
            if (!Arrays.equals(a, b)) {
                d.add(kind + " " + n + " differs: client " + a.length + " bytes, server " + b.length
                        + " bytes, first difference at byte " + Arrays.mismatch(a, b));
            }
        }
    }

    private static void statuses(Path mine, Path theirs, List<String> d) {
        Set<String> names = names(mine);
        Set<String> serverNames = names(theirs);
        if (!names.equals(serverNames)) {
            d.add("status files differ: client " + names + ", server " + serverNames);
        }
        for (String n : names) {
            if (!serverNames.contains(n)) {
                continue;
            }
            JsonNode a = parse(mine.resolve(n));
            JsonNode b = parse(theirs.resolve(n));
            if (a == null || !a.equals(b)) {
                d.add("status " + n + " differs: client last_update " + field(a, "last_update") + " status "
                        + field(a, "status") + ", server last_update " + field(b, "last_update") + " status "
                        + field(b, "status"));
            }
        }
    }

    private static String field(JsonNode n, String name) {
        return n == null || n.get(name) == null ? "(none)" : n.get(name).asText();
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static Set<String> names(Path dir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .forEach(names::add);
        } catch (IOException e) {
            names.add("(unlistable: " + e + ")");
        }
        return names;
    }
}

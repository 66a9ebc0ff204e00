package org.labwatch.store.postgres;

import java.nio.file.Path;

/**
 * The one rule for naming a file in the database: a path under {@code root} by its relative path
 * with {@code /} separators ({@code monitoring/status/x_status.json}), any other path by its
 * absolute normalized form ({@code /home/lab/nb/monitoring/status/y_status.json}). Nodes with the
 * same {@code root} setting therefore share keys even when their instance directories differ.
 * Links are not resolved: the key is the name a caller used.
 */
final class PathKeys {

    private final Path root;

    PathKeys(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The key of a file or directory; the root itself is {@code ""}. */
    String key(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.equals(root)) {
            return "";
        }
        if (p.startsWith(root)) {
            StringBuilder key = new StringBuilder();
            for (Path part : root.relativize(p)) {
                if (key.length() > 0) {
                    key.append('/');
                }
                key.append(part);
            }
            return key.toString();
        }
        return p.toString();
    }

    /** The path a key names, on this node. */
    Path path(String key) {
        return key.startsWith("/") ? Path.of(key) : root.resolve(key);
    }

    /** The key of the directory a key lies in: {@code ""} for a file directly under root, {@code /} at the top. */
    static String dirOf(String key) {
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return slash == 0 ? "/" : key.substring(0, slash);
    }

    static String nameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The prefix every key below this directory key starts with. */
    static String below(String dirKey) {
        if (dirKey.isEmpty()) {
            return "";
        }
        return dirKey.endsWith("/") ? dirKey : dirKey + "/";
    }
}

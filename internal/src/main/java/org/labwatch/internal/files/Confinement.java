package org.labwatch.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one "stays inside its directory" rule for files served or read on a user's behalf (logs,
 * plots, status files): a name checked for separators and {@code ..} can still be a link that
 * leads elsewhere, e.g. to a secret another user left readable.
 */
public final class Confinement {

    private Confinement() {}

    /**
     * The real path of {@code dir/name} when it exists and, links resolved, is still directly inside
     * the real {@code dir}; null otherwise. {@code name} must be a single file name.
     */
    public static Path inside(Path dir, String name) throws IOException {
        Path candidate = dir.resolve(name);
        if (candidate.getParent() == null
                || !candidate.getParent().equals(dir)
                || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path realDir = dir.toRealPath();
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        }
        return real.getParent() != null && real.getParent().equals(realDir) ? real : null;
    }

    /** Whether {@code file}, a direct child of {@code dir}, stays inside it with links resolved; false when it cannot be told. */
    public static boolean staysInside(Path dir, Path file) {
        try {
            return file.getFileName() != null && inside(dir, file.getFileName().toString()) != null;
        } catch (IOException e) {
            return false;
        }
    }
}

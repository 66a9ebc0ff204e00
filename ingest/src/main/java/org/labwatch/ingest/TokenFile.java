package org.labwatch.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token file, {@code <karaf.etc>/org.labwatch.ingest.tokens}: comment lines starting with
 * {@code #} and one {@code NAME=sha256:<64 lower-case hex>} line per source. The launcher's bash
 * ({@code ./labwatch token add}, with the server stopped) writes the same format, so it stays exactly
 * this. Changes rewrite the whole file beside itself and rename it over the old one: a reader (the
 * servlet, the launcher) sees the old file or the new one, never half of it.
 */
final class TokenFile {

    /** A source's name: what {@code docs/remote.md} allows, safe as a directory name everywhere. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_-]{1,64})=sha256:([0-9a-f]{64})");
    private static final String HEADER =
            "# labwatch ingest tokens (docs/remote.md): NAME=sha256:<SHA-256 of the token, hex>."
                    + "\n# Add with ./labwatch token add NAME or labwatch:token-add NAME; remove a line to revoke.\n";
    /** One writer at a time in this JVM (shell commands may run side by side). */
    private static final Object WRITING = new Object();

    private final Path file;

    TokenFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The tokens now; none when the file does not exist. */
    TokenTable read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return TokenTable.EMPTY;
        }
        List<TokenTable.Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                entries.add(new TokenTable.Entry(m.group(1), HexFormat.of().parseHex(m.group(2))));
            } else {
                // Not the line itself: it may hold a token pasted by mistake.
                problems.add("line " + (i + 1) + " is not NAME=sha256:<64 lower-case hex digits>; ignored");
            }
        }
        return new TokenTable(entries, problems);
    }

    List<String> names() throws IOException {
        return read().names();
    }

    /**
     * A new token for a new source.
     *
     * @return the token, which exists nowhere else afterwards: only its hash is written
     * @throws IllegalArgumentException for a bad name or one that has a token already
     */
    String add(String name) throws IOException {
        checkName(name);
        synchronized (WRITING) {
            if (read().has(name)) {
                throw new IllegalArgumentException(
                        "source '" + name + "' has a token already; revoke it first to give it a new one");
            }
            String token = Tokens.generate();
            List<String> lines = lines();
            if (lines.isEmpty()) {
                lines.addAll(HEADER.lines().toList());
            }
            lines.add(name + "=sha256:" + Tokens.hex(Tokens.sha256(token)));
            rewrite(lines);
            return token;
        }
    }

    /** @return false when the source had no token */
    boolean revoke(String name) throws IOException {
        checkName(name);
        synchronized (WRITING) {
            List<String> lines = lines();
            boolean removed = lines.removeIf(l -> {
                Matcher m = LINE.matcher(l.strip());
                return m.matches() && m.group(1).equals(name);
            });
            if (removed) {
                rewrite(lines);
            }
            return removed;
        }
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a source name is 1 to 64 of A-Z a-z 0-9 _ -, not '" + printable(name) + "'");
        }
    }

    private List<String> lines() throws IOException {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
    }

    private void rewrite(List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // createTempFile makes it readable by the owner only, which suits a list of token hashes.
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(70).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}

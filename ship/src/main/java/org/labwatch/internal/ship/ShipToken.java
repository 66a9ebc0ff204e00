package org.labwatch.internal.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bearer token, from a file or given as text. A file is read again after a 401, so an
 * administrator's new token is picked up without restarting a shipper that runs for weeks.
 */
public final class ShipToken {

    private final Path file;
    private volatile String token;

    private ShipToken(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    /**
     * The token in {@code file}: its last non-empty line, trimmed, so the whole output of
     * {@code ./labwatch token add NAME} saved to a file works as well as the token alone.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no token
     */
    public static ShipToken fromFile(Path file) throws IOException {
        return new ShipToken(file, read(file));
    }

    /** @throws IllegalArgumentException for a blank token */
    public static ShipToken of(String token) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the token is empty or holds spaces or control characters");
        }
        return new ShipToken(null, t);
    }

    String value() {
        return token;
    }

    /** After a 401: the file may hold a new token now. Quiet when it cannot be read; the 401 is reported. */
    void reload() {
        if (file == null) {
            return;
        }
        try {
            token = read(file);
        } catch (IOException | IllegalArgumentException e) {
            // Keep the old token; the refusal is what gets reported.
        }
    }

    private static String read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (!line.isEmpty()) {
                try {
                    return of(line).token;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("token file " + file + ": its last line is not a token");
                }
            }
        }
        throw new IllegalArgumentException("token file " + file + " is empty");
    }

    @Override
    public String toString() {
        // Never the token itself: this ends up in messages.
        return file != null ? "token file " + file : "token";
    }
}

package org.labwatch.notify.channels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret given either in the channel's file ({@code password = …}) or in a file of its own
 * ({@code passwordFile = …}, readable by Karaf's user only), read at each delivery so a rotated
 * secret is used without touching the channel. Problems name the setting, never the secret.
 */
final class SecretSetting {

    private SecretSetting() {}

    static Optional<String> read(SettingsReader r, String key) {
        Optional<String> inline = r.optional(key);
        Optional<String> file = r.optional(key + "File");
        if (inline.isPresent() && file.isPresent()) {
            r.problem("set " + key + " or " + key + "File, not both");
            return Optional.empty();
        }
        if (file.isEmpty()) {
            return inline;
        }
        try {
            String secret = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8)
                    .strip();
            if (secret.isEmpty()) {
                r.problem(key + "File " + file.get() + " is empty");
                return Optional.empty();
            }
            return Optional.of(secret);
        } catch (IOException | InvalidPathException e) {
            r.problem(key + "File " + file.get() + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}

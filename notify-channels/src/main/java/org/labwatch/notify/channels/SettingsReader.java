package org.labwatch.notify.channels;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.labwatch.spi.ChannelSettings;

/**
 * Reads a channel's settings into typed values and collects what is wrong with them, each problem
 * a sentence naming the setting. {@code check} and {@code deliver} read through the same methods, so
 * a channel that passed its check is read the same way when it sends. Values of secret settings
 * (addresses with tokens in them, passwords) never appear in a problem.
 */
final class SettingsReader {

    private final ChannelSettings settings;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(ChannelSettings settings) {
        this.settings = settings;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    Optional<String> optional(String key) {
        return settings.get(key);
    }

    /** The value, or "" with a problem "{key} is missing: {hint}". */
    String required(String key, String hint) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            problems.add(key + " is missing: " + hint);
            return "";
        }
        return value.get();
    }

    /**
     * An http or https address. A webhook's address is its secret (the token is part of it), so a
     * problem says what is wrong without repeating it.
     */
    URI url(String key, String hint) {
        String value = required(key, hint);
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(key + " must be an http:// or https:// address");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add(key + " has no host name");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(key + " is not a well-formed address (" + e.getReason() + ")");
            return null;
        }
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below, with the range
        }
        problems.add(key + " must be a whole number from " + min + " to " + max + ", got '" + value.get() + "'");
        return defaultValue;
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(key + " must be true or false, got '" + value.get() + "'");
                return defaultValue;
        }
    }

    /** One of the map's keys (case-insensitive); the problem lists them. */
    <T> T choice(String key, T defaultValue, Map<String, T> choices, String hint) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        T chosen = choices.get(value.get().toLowerCase(Locale.ROOT));
        if (chosen == null) {
            problems.add(key + " must be " + hint + ", got '" + value.get() + "'");
            return defaultValue;
        }
        return chosen;
    }

    /** {@code timeoutSeconds}: how long the channel's server may take. */
    Duration timeout(int defaultSeconds) {
        return Duration.ofSeconds(integer("timeoutSeconds", defaultSeconds, 1, 600));
    }

    /** Adds a problem found by the caller (a combination of settings, a file). */
    void problem(String sentence) {
        problems.add(sentence);
    }
}

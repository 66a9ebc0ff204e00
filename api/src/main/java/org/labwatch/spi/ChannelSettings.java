package org.labwatch.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A channel's configuration as the lab wrote it: its {@code name} (from the file name
 * {@code org.labwatch.notify-<name>.cfg}), its {@code type}, and every property of the file as text.
 * Secrets (passwords, tokens) are in {@code properties} too: never log them.
 *
 * @since 3.1
 */
public record ChannelSettings(String name, String type, Map<String, String> properties) {

    public ChannelSettings {
        properties = Map.copyOf(properties);
    }

    /** Names the properties without their values: a settings object that reaches a log shows no secret. */
    @Override
    public String toString() {
        return "ChannelSettings[name=" + name + ", type=" + type + ", properties="
                + new java.util.TreeSet<>(properties.keySet()) + "]";
    }

    /** A property with surrounding blanks trimmed; empty when absent or blank. */
    public Optional<String> get(String key) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}

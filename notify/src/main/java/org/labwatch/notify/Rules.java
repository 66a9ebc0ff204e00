package org.labwatch.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.ChannelState;

/**
 * Which events a channel sends and how: its {@link ChannelConfig} checked once, when the
 * configuration arrives. Each bad value becomes one sentence naming the setting; a channel with any
 * is not used (or, after a change, keeps the rules it had).
 */
record Rules(
        Set<String> events,
        List<Glob> experiments,
        QuietHours quietHours,
        Duration minDuration,
        Duration group,
        int groupMaxItems,
        Duration errorWindow,
        String publicUrl,
        Duration giveUpAfter) {

    static Rules of(ChannelConfig config, List<String> problems) {
        Set<String> events = events(
                Configs.orElse(config::events, ChannelConfig.DEFAULT_EVENTS, p -> problems.add("events: " + p)),
                problems);
        List<Glob> experiments = new ArrayList<>();
        for (String glob : split(Configs.orElse(config::experiments, "*", p -> problems.add("experiments: " + p)))) {
            experiments.add(Glob.of(glob));
        }
        if (experiments.isEmpty()) {
            experiments.add(Glob.of("*"));
        }
        QuietHours quiet = null;
        String quietText = Configs.orElse(config::quietHours, "", p -> problems.add("quietHours: " + p));
        if (!quietText.isBlank()) {
            try {
                quiet = QuietHours.parse(quietText);
            } catch (IllegalArgumentException e) {
                problems.add("quietHours: " + e.getMessage());
            }
        }
        long minDuration = atLeast(
                "minDurationSeconds",
                Configs.orElse(config::minDurationSeconds, 0L, p -> problems.add("minDurationSeconds: " + p)),
                0,
                problems);
        double groupSeconds = Configs.orElse(config::groupSeconds, 1.0, p -> problems.add("groupSeconds: " + p));
        if (!(groupSeconds >= 0 && groupSeconds <= 3600)) {
            problems.add("groupSeconds: " + groupSeconds + " is not between 0 and 3600");
            groupSeconds = 1.0;
        }
        int maxItems = (int) atLeast(
                "groupMaxItems",
                Configs.orElse(config::groupMaxItems, 100, p -> problems.add("groupMaxItems: " + p)),
                1,
                problems);
        long errorWindow = atLeast(
                "errorWindowSeconds",
                Configs.orElse(config::errorWindowSeconds, 600L, p -> problems.add("errorWindowSeconds: " + p)),
                0,
                problems);
        String publicUrl =
                publicUrl(Configs.orElse(config::publicUrl, "", p -> problems.add("publicUrl: " + p)), problems);
        long giveUp = atLeast(
                "giveUpAfterHours",
                Configs.orElse(config::giveUpAfterHours, 24L, p -> problems.add("giveUpAfterHours: " + p)),
                1,
                problems);
        return new Rules(
                events,
                List.copyOf(experiments),
                quiet,
                Duration.ofSeconds(minDuration),
                Duration.ofMillis(Math.round(groupSeconds * 1000)),
                maxItems,
                Duration.ofSeconds(errorWindow),
                publicUrl,
                Duration.ofHours(giveUp));
    }

    boolean wants(String event) {
        return events.contains(event);
    }

    /** By id or by name: {@code calib*} matches the runs of {@code calibration} shipped from elsewhere too. */
    boolean covers(String id, String name) {
        for (Glob g : experiments) {
            if (g.matches(id) || g.matches(name)) {
                return true;
            }
        }
        return false;
    }

    List<String> experimentTexts() {
        return experiments.stream().map(Glob::text).toList();
    }

    /** The run's dashboard page, or null without a {@code publicUrl}. */
    String link(String id) {
        return publicUrl == null
                ? null
                : publicUrl + "/#/experiment/"
                        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("+", "%20");
    }

    private static Set<String> events(String text, List<String> problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String e : split(text)) {
            String event = e.toLowerCase(Locale.ROOT);
            if (ChannelState.EVENTS.contains(event)) {
                out.add(event);
            } else {
                problems.add(
                        "events: '" + e + "' is not an event; use any of " + String.join(", ", ChannelState.EVENTS));
            }
        }
        if (out.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("events:"))) {
            problems.add("events: empty; name at least one of " + String.join(", ", ChannelState.EVENTS));
        }
        // In the order lists show them, whatever order the file has.
        Set<String> ordered = new LinkedHashSet<>();
        for (String e : ChannelState.EVENTS) {
            if (out.contains(e)) {
                ordered.add(e);
            }
        }
        return java.util.Collections.unmodifiableSet(ordered);
    }

    private static String publicUrl(String text, List<String> problems) {
        String url = text.trim();
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                problems.add("publicUrl: '" + url + "' is not an http or https address");
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add("publicUrl: '" + url + "' is not an address (" + e.getReason() + ")");
            return null;
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private static long atLeast(String name, long value, long min, List<String> problems) {
        if (value < min) {
            problems.add(name + ": " + value + " is below " + min);
            return min;
        }
        return value;
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}

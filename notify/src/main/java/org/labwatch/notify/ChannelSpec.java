package org.labwatch.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.labwatch.spi.ChannelSettings;

/**
 * One channel's configuration as the engine uses it: its name, the file it came from (for every
 * message about it), its {@link Rules}, the settings its notifier reads, and what is wrong with it.
 */
record ChannelSpec(String name, String file, Rules rules, ChannelSettings settings, List<String> problems) {

    static final String FILE_PREFIX = ChannelConfig.FACTORY_PID + "-";
    /** A channel's name names its outbox directory too. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    ChannelSpec {
        problems = List.copyOf(problems);
    }

    boolean usable() {
        return problems.isEmpty();
    }

    String type() {
        return settings.type();
    }

    /**
     * @param properties the configuration as Config Admin has it: File Install's file name, the
     *                   factory configuration's name, and every setting of the file
     */
    static ChannelSpec of(ChannelConfig config, Map<String, ?> properties) {
        String name = nameOf(properties);
        String file = fileOf(properties, name);
        List<String> problems = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            problems.add("the channel's name '" + name + "' may have only letters, digits, '.', '_' and '-'"
                    + " (it names its outbox directory)");
        }
        String type = org.labwatch.internal.config.Configs.orElse(config::type, "", p -> problems.add("type: " + p))
                .trim();
        if (type.isEmpty()) {
            problems.add("type: missing; set it to webhook or another installed channel type");
        }
        Rules rules = Rules.of(config, problems);
        return new ChannelSpec(name, file, rules, new ChannelSettings(name, type, texts(properties)), problems);
    }

    /**
     * {@code org.labwatch.notify-<name>.cfg} names the channel {@code <name>}: from File Install's file
     * name, else from the factory configuration's name ({@code org.labwatch.notify~<name>}, as File
     * Install and {@code config:edit --alias} make them), else from a {@code name} setting.
     */
    static String nameOf(Map<String, ?> properties) {
        String fileName = fileName(properties);
        if (fileName != null && fileName.startsWith(FILE_PREFIX) && fileName.endsWith(".cfg")) {
            return fileName.substring(FILE_PREFIX.length(), fileName.length() - ".cfg".length());
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(ChannelConfig.FACTORY_PID + "~")) {
            return pid.toString().substring(ChannelConfig.FACTORY_PID.length() + 1);
        }
        Object name = properties.get("name");
        if (name != null && !name.toString().isBlank()) {
            return name.toString().trim();
        }
        return pid == null ? "unnamed" : pid.toString();
    }

    private static String fileOf(Map<String, ?> properties, String name) {
        String fileName = fileName(properties);
        if (fileName != null) {
            return "etc/" + fileName;
        }
        Object pid = properties.get("service.pid");
        return "configuration " + (pid == null ? ChannelConfig.FACTORY_PID + "~" + name : pid);
    }

    /** File Install's {@code felix.fileinstall.filename} is a URL; its last segment is the file. */
    private static String fileName(Map<String, ?> properties) {
        Object url = properties.get("felix.fileinstall.filename");
        if (url == null) {
            return null;
        }
        String text = url.toString();
        int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
        return text.substring(slash + 1);
    }

    /** The file's settings as text; the framework's own keys are not the lab's settings. */
    private static Map<String, String> texts(Map<String, ?> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (v != null
                    && !k.startsWith("service.")
                    && !k.startsWith("component.")
                    && !k.startsWith("felix.fileinstall.")) {
                out.put(
                        k,
                        v instanceof Object[] values
                                ? String.join(
                                        ",",
                                        java.util.Arrays.stream(values)
                                                .map(String::valueOf)
                                                .toList())
                                : v.toString());
            }
        });
        return out;
    }
}

package org.labwatch.api;

import java.util.Locale;
import java.util.Set;

/**
 * The rule for names that become file names (experiments, plots): they must stay inside
 * their directory on every operating system a lab uses, so the check is strict and says
 * exactly what is wrong. Metric names have their own, narrower rule ({@link #checkMetricName}).
 */
public final class Names {

    public static final int MAX_LENGTH = 128;

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
            "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private Names() {}

    /**
     * Returns {@code name} if it is a safe file name: 1 to 128 characters of Unicode letters,
     * digits, space and {@code _ - . ( )}; not starting with a dot, not ending with a dot or space,
     * no {@code ..}, not a Windows device name.
     *
     * @param kind what the name is for, used in the message ("experiment name", "plot name")
     * @throws IllegalArgumentException naming the problem
     */
    public static String checkName(String kind, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid " + kind + " " + quote(name) + ": " + problem);
        }
        return name;
    }

    /**
     * The reason a name that someone else chose (a status file another tool wrote, a segment of a
     * request path) cannot be looked up in a directory, or null when it can: 1 to 255 characters, no
     * path separator, no {@code ..}, no leading dot, no {@code :}, no control characters. Laxer than
     * {@link #problem}, which is for names labwatch creates: the seed's Python tool allows any
     * alphabet, and such a name is only ever compared with entries that exist in the directory.
     *
     * @since 1.1
     */
    public static String lookupProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > 255) {
            return "it is longer than 255 characters";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "it contains a path separator";
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        if (name.charAt(0) == '.') {
            return "it starts with '.'";
        }
        if (name.indexOf(':') >= 0) {
            return "it contains ':'";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                return String.format(Locale.ROOT, "it contains the control character U+%04X", cp);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * Returns {@code name} if it is a valid metric name: 1 to 128 characters of
     * {@code A-Z a-z 0-9 _ . / -}, starting with a letter, digit or {@code _}, without {@code ..}
     * and without a trailing {@code /} ({@code /} groups metrics: {@code fit/chi2}). Stricter than
     * {@link #checkName}: a name is written unquoted into CSV lines and URL paths.
     *
     * @throws IllegalArgumentException naming the metric and what is wrong with it
     * @since 1.2
     */
    public static String checkMetricName(String name) {
        String problem = metricProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid metric name " + quote(name) + ": " + problem);
        }
        return name;
    }

    /**
     * The reason {@code name} is refused as a metric name, or null when it is fine.
     *
     * @since 1.2
     */
    public static String metricProblem(String name) {
        if (name == null) {
            return "it is missing (null)";
        }
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it is " + name.length() + " characters long, at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!metricChar(cp)) {
                String shown = Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                        ? String.format(Locale.ROOT, "U+%04X", cp)
                        : "'" + new String(Character.toChars(cp)) + "'";
                return "the character " + shown + " at position " + i + " is not allowed (use A-Z a-z 0-9 and _ . / -)";
            }
            i += Character.charCount(cp);
        }
        char first = name.charAt(0);
        if (first == '.' || first == '/' || first == '-') {
            return "it starts with '" + first + "' (start with a letter, a digit or _)";
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        if (name.charAt(name.length() - 1) == '/') {
            return "it ends with '/'";
        }
        return null;
    }

    private static boolean metricChar(int c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '_'
                || c == '.'
                || c == '/'
                || c == '-';
    }

    /** The reason {@code name} is refused, or null when it is fine. */
    public static String problem(String name) {
        if (name == null) {
            return "it is missing (null)";
        }
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it is " + name.length() + " characters long, at most " + MAX_LENGTH + " are allowed";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "it contains a path separator ('/' or '\\'); a name cannot point into another directory";
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        if (name.charAt(0) == '.') {
            return "it starts with '.' (hidden or relative file names are not allowed)";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == 0) {
                return "it contains a NUL character at position " + i;
            }
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                return String.format(Locale.ROOT, "it contains the control character U+%04X at position %d", cp, i);
            }
            if (!allowed(cp)) {
                return "the character '" + new String(Character.toChars(cp)) + "' at position " + i
                        + " is not allowed (use letters, digits, space, dashes and _ . ( ))";
            }
            i += Character.charCount(cp);
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            return "it ends with '" + last + "', which Windows drops from file names";
        }
        if (name.charAt(0) == ' ') {
            return "it starts with a space";
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
        if (WINDOWS_RESERVED.contains(stem)) {
            return "'" + stem + "' is a reserved device name on Windows";
        }
        return null;
    }

    private static boolean allowed(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        // Marks belong to letters in decomposed form; dashes ("–", "—") are common in lab names and harmless in files.
        if (type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.DASH_PUNCTUATION) {
            return true;
        }
        return cp == ' ' || cp == '_' || cp == '-' || cp == '.' || cp == '(' || cp == ')';
    }

    private static String quote(String name) {
        if (name == null) {
            return "(null)";
        }
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(name.length(), 60);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (shown < name.length()) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}

package org.labwatch.ingest;

/** The one number a write takes from its query string: {@code offset} or {@code version}. */
final class Query {

    private Query() {}

    /**
     * Read from the raw query string, not {@code getParameter}: for a form content type that would
     * read the body, which must wait until the token, the path and the length are checked.
     *
     * @throws Refusal 400 when it is missing, repeated, or not a whole number from 0 up
     */
    static long number(String query, String name) throws Refusal {
        String found = null;
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (key.equals(name)) {
                    if (found != null) {
                        throw Refusal.of(400, "bad " + name + ": given twice");
                    }
                    found = eq < 0 ? "" : pair.substring(eq + 1);
                }
            }
        }
        if (found == null) {
            throw Refusal.of(400, "missing " + name + " (?" + name + "=N)");
        }
        if (found.isEmpty() || found.length() > 19 || !found.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Refusal.of(400, "bad " + name + ": '" + printable(found) + "' is not a whole number from 0 up");
        }
        try {
            return Long.parseLong(found);
        } catch (NumberFormatException e) {
            throw Refusal.of(400, "bad " + name + ": too large");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

package org.labwatch.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.http.PercentDecoding;

/**
 * What a request under {@code /api/ingest/v1} is for. Parsed from the raw, still encoded path and
 * decoded segment by segment: a container's decoded path would turn {@code a%2Fb} into two segments
 * and {@code %2e%2e} into a step up before a name could be checked.
 */
record Route(Kind kind, String source, String root, String file) {

    /** What Linux, macOS and Windows file systems allow for one name. */
    static final int MAX_NAME_BYTES = 255;

    enum Kind {
        HELLO("GET", null),
        MANIFEST("GET", null),
        LOGS("POST", "logs"),
        METRICS("POST", "metrics"),
        STATUS("PUT", "status"),
        PLOTS("PUT", "plots");

        final String method;
        /** The directory under {@code monitoring/} and the path segment. */
        final String directory;

        Kind(String method, String directory) {
            this.method = method;
            this.directory = directory;
        }

        boolean appends() {
            return this == LOGS || this == METRICS;
        }

        static Kind ofDirectory(String segment) {
            for (Kind k : values()) {
                if (segment.equals(k.directory)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * @param rawPath the encoded path after {@code /api/ingest/v1}, e.g. {@code /fridge-pc/qubit1/logs/a.log}
     * @throws Refusal 404 for a path the protocol has not, 405 for another method, 400 for a bad name
     */
    static Route parse(String rawPath, String method) throws Refusal {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return allowed(new Route(Kind.HELLO, null, null, null), method);
        }
        if (rawPath.charAt(0) != '/') {
            throw notFound();
        }
        List<String> raw = List.of(rawPath.substring(1).split("/", -1));
        if (raw.size() != 2 && raw.size() != 4) {
            throw notFound();
        }
        Kind kind = Kind.MANIFEST;
        if (raw.size() == 4) {
            kind = Kind.ofDirectory(raw.get(2));
            if (kind == null) {
                throw notFound();
            }
        }
        String source = decode(raw.get(0), "source");
        String root = decode(raw.get(1), "root");
        if (!TokenFile.NAME.matcher(source).matches()) {
            throw Refusal.of(400, "bad source name: it is 1 to 64 of A-Z a-z 0-9 _ -");
        }
        checkName("root", root);
        String file = null;
        if (raw.size() == 4) {
            file = decode(raw.get(3), "file name");
            checkName("file name", file);
            if (kind == Kind.STATUS
                    && !(file.endsWith(MonitoringLayout.STATUS_SUFFIX)
                            && file.length() > MonitoringLayout.STATUS_SUFFIX.length())) {
                throw Refusal.of(400, "bad file name: a status file is <name>" + MonitoringLayout.STATUS_SUFFIX);
            }
        }
        return allowed(new Route(kind, source, root, file), method);
    }

    private static Route allowed(Route route, String method) throws Refusal {
        if (!route.kind.method.equals(method)) {
            throw new Refusal(Answer.error(405, method + " is not for this path; use " + route.kind.method)
                    .with("Allow", route.kind.method));
        }
        return route;
    }

    private static void checkName(String what, String name) throws Refusal {
        String problem = Names.lookupProblem(name);
        if (problem != null) {
            throw Refusal.of(400, "bad " + what + ": " + problem);
        }
        // File systems count bytes: 255 characters of a non-Latin alphabet would fail as a write (500) for ever.
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw Refusal.of(400, "bad " + what + ": it is longer than " + MAX_NAME_BYTES + " bytes in UTF-8");
        }
    }

    private static Refusal notFound() {
        return Refusal.of(
                404,
                "no such path; the protocol has /api/ingest/v1/, /{source}/{root} and"
                        + " /{source}/{root}/{logs|metrics|status|plots}/{file}");
    }

    /** Percent-decoding of one segment, as UTF-8, refusing what could be read two ways. */
    private static String decode(String segment, String what) throws Refusal {
        if (segment.indexOf(';') >= 0) {
            // Containers cut ";..." off as path parameters; a name must not mean one thing here and another there.
            throw Refusal.of(400, "bad " + what + ": a ';' must be sent as %3B");
        }
        try {
            return PercentDecoding.segment(segment);
        } catch (IllegalArgumentException e) {
            throw Refusal.of(400, "bad " + what + ": " + e.getMessage());
        }
    }
}

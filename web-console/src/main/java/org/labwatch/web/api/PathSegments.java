package org.labwatch.web.api;

import java.util.ArrayList;
import java.util.List;
import org.labwatch.api.Names;
import org.labwatch.internal.http.PercentDecoding;

/**
 * Splits a raw (still percent-encoded) request path into decoded segments and checks each one as
 * a name that will be looked up in a directory. Splitting happens before decoding, so an encoded
 * separator ({@code %2F}, {@code %5C}) stays inside its segment, where the check refuses it, and
 * {@code %2e%2e} decodes to {@code ..}, which is refused too.
 *
 * <p>The rule is the path-safety part of {@link org.labwatch.api.Names}: no separators, no
 * {@code ..}, no leading dot, no control characters, no {@code :}. {@code Names} also limits the
 * alphabet, which is right for names labwatch creates, but a status file or plot written by the
 * seed's Python tool may use other characters and must still be reachable; the name is only ever
 * compared with entries that exist in the directory, never used to build a path outside it.
 */
final class PathSegments {

    /** A path or name refused: answered with 400 and this message. */
    static final class BadName extends Exception {
        BadName(String message) {
            super(message);
        }
    }

    private PathSegments() {}

    /** The decoded segments of {@code rawPath} after {@code prefix}; empty segments from a trailing '/' are dropped. */
    static List<String> after(String prefix, String rawPath) throws BadName {
        if (!rawPath.startsWith(prefix)) {
            throw new BadName("path does not start with " + prefix);
        }
        String rest = rawPath.substring(prefix.length());
        List<String> out = new ArrayList<>();
        if (rest.isEmpty() || rest.equals("/")) {
            return out;
        }
        if (rest.charAt(0) != '/') {
            throw new BadName("no such path");
        }
        String[] parts = rest.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                if (i == parts.length - 1) {
                    continue;
                }
                throw new BadName("empty path segment");
            }
            out.add(decode(parts[i]));
        }
        return out;
    }

    /** Percent-decoding of one segment, strict UTF-8; '+' stays '+' (it means a space only in query strings). */
    static String decode(String raw) throws BadName {
        try {
            return PercentDecoding.segment(raw);
        } catch (IllegalArgumentException e) {
            throw new BadName("bad path segment: " + e.getMessage());
        }
    }

    /** Returns {@code name} when it is safe to look up in a directory, else throws naming the problem. */
    static String checkName(String kind, String name) throws BadName {
        String problem = problem(name);
        if (problem != null) {
            throw new BadName("invalid " + kind + ": " + problem);
        }
        return name;
    }

    static String problem(String name) {
        return Names.lookupProblem(name);
    }
}

package org.labwatch.index;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.labwatch.api.Names;
import org.labwatch.spi.StatusReading;

/**
 * One monitoring directory shipped from another machine: {@code <remote>/<source>/<root>/monitoring}.
 * Its runs are shown as {@code <name>@<source>.<root>}, so two sources running the same experiment
 * are two runs, and the id follows from where the files are, the same after every restart.
 */
record RemoteRoot(String source, String root, Path monitoringDir) {

    /** The ingest's rule for source (token) names; anything else under the remote directory is not a source. */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static boolean isSourceName(String name) {
        return SOURCE.matcher(name).matches();
    }

    static boolean isRootName(String name) {
        return Names.lookupProblem(name) == null;
    }

    Path statusDir() {
        return monitoringDir.resolve("status");
    }

    Path sibling(String kind) {
        return monitoringDir.resolve(kind);
    }

    String suffix() {
        return "@" + source + "." + root;
    }

    StatusReading named(StatusReading r) {
        return new StatusReading(r.file(), r.id() + suffix(), r.status(), r.problem(), r.modified(), r.size());
    }

    /** The file-name id of {@code id} when it is one of this root's runs, else null. */
    String localId(String id) {
        String suffix = suffix();
        return id.length() > suffix.length() && id.endsWith(suffix)
                ? id.substring(0, id.length() - suffix.length())
                : null;
    }
}

package org.labwatch.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Host name and process id written into every status, so a reader knows where the run lives. */
record HostIdentity(String host, long pid) {

    static HostIdentity ofThisProcess() {
        return new HostIdentity(hostName(), ProcessHandle.current().pid());
    }

    // Environment and /etc/hostname first: InetAddress.getLocalHost() can block for seconds on a
    // lab machine with broken DNS, and this runs when an experiment starts.
    private static String hostName() {
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(var);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        Path etc = Path.of("/etc/hostname");
        try {
            if (Files.isReadable(etc)) {
                String value = Files.readString(etc, StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    return value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the resolver; the name is informative only
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package org.labwatch.shell;

/**
 * A command's references are optional, so that every command is registered whenever the shell
 * bundle runs; Karaf registers a bundle's commands only once all their mandatory references are
 * there, and one missing service made every labwatch command "not found". The command then says
 * what it lacks and which feature brings it.
 */
final class Needed {

    private Needed() {}

    static <T> T service(T service, String command, String what, String feature) {
        if (service == null) {
            throw new IllegalStateException("labwatch:" + command + " needs " + what + ", which is not running here;"
                    + " install it with: feature:install " + feature);
        }
        return service;
    }

    static org.labwatch.spi.NotificationChannels notifications(
            org.labwatch.spi.NotificationChannels channels, String command) {
        return service(channels, command, "the notification engine (org.labwatch.notify)", "labwatch-notify");
    }

    static org.labwatch.spi.ExperimentIndex index(org.labwatch.spi.ExperimentIndex index, String command) {
        return service(index, command, "the experiment index (org.labwatch.index)", "labwatch-index");
    }
}

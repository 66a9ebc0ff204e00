package org.labwatch.core;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * One period during which a sink or store failed, for the reports that make it visible:
 * a line on stderr when it starts, and a note (stderr and the log) when writing works again.
 */
final class Outage {

    private final String what;
    private final PrintStream console;
    private Instant since;
    private String reason;
    private long held;
    private long dropped;

    Outage(String what, PrintStream console) {
        this.what = what;
        this.console = console;
    }

    boolean active() {
        return since != null;
    }

    /** A write failed; reported on stderr only when the outage begins, not on every retry. */
    void failed(Exception e, String holding) {
        reason = describe(e);
        if (since == null) {
            since = Instant.now();
            console.println("labwatch: " + what + " failed: " + reason + "; " + holding);
        }
    }

    void held() {
        held++;
    }

    void dropped(String why) {
        if (dropped == 0) {
            console.println("labwatch: " + what + ": " + why);
        }
        dropped++;
    }

    /** Writing works again: returns the note for the log (null if there was no outage) and resets. */
    String recovered() {
        if (since == null) {
            return null;
        }
        Duration lasted = Duration.between(since, Instant.now());
        String note = "labwatch: " + what + " failed from " + since + " for " + lasted.toSeconds() + " s ("
                + reason + "); " + held + " held record(s) were written late"
                + (dropped > 0 ? ", " + dropped + " were lost because the in-memory backlog was full" : "");
        console.println(note);
        since = null;
        reason = null;
        held = 0;
        dropped = 0;
        return note;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

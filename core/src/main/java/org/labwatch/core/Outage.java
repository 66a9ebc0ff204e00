package org.labwatch.core;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * One period during which a sink or store failed, or none was bound, for the reports that make it
 * visible: a line on stderr when it starts, and a note (stderr and the log) when writing works again.
 */
final class Outage {

    private final String what;
    /** Set for an outage of absence ("no log sink is bound"), which has no failure to quote. */
    private final String absentService;
    /** What is held and counted: "record(s)", or "value(s)" for metrics. */
    private final String units;

    private final PrintStream console;
    private Instant since;
    private String reason;
    private long late;
    private long dropped;

    /** @param what the write that can fail, e.g. "writing the log of 'x' to file sink ..." */
    Outage(String what, PrintStream console) {
        this(what, null, "record(s)", console);
    }

    private Outage(String what, String absentService, String units, PrintStream console) {
        this.what = what;
        this.absentService = absentService;
        this.units = units;
        this.console = console;
    }

    /** An outage during which no {@code service} is bound at all, e.g. ("log of 'x'", "log sink"). */
    static Outage ofAbsence(String what, String service, PrintStream console) {
        return new Outage(what, service, "record(s)", console);
    }

    /** As {@link #Outage(String, PrintStream)}, counting held {@code units} ("value(s)") instead of records. */
    static Outage counting(String what, String units, PrintStream console) {
        return new Outage(what, null, units, console);
    }

    /** As {@link #ofAbsence}, counting held {@code units} instead of records. */
    static Outage ofAbsence(String what, String service, String units, PrintStream console) {
        return new Outage(what, service, units, console);
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

    /** Nothing is bound to write to; reported on stderr only when the absence begins. */
    void absent(String holding) {
        if (since == null) {
            since = Instant.now();
            console.println("labwatch: " + what + ": no " + absentService + " is bound; " + holding);
        }
    }

    /** Records held during this outage that have now been handed on; counted only while it lasts. */
    void writtenLate(long records) {
        if (since != null) {
            late += records;
        }
    }

    void dropped(String why) {
        dropped(1, why);
    }

    /** {@code count} held items dropped at once (a full backlog); reported on stderr at the first drop only. */
    void dropped(long count, String why) {
        if (dropped == 0 && count > 0) {
            console.println("labwatch: " + what + ": " + why);
        }
        dropped += count;
    }

    /** Records that were held and then dropped elsewhere (a full backlog), already reported there. */
    void lost(long records) {
        if (since != null) {
            dropped += records;
        }
    }

    /** Writing works again: returns the note for the log (null if there was no outage) and resets. */
    String recovered() {
        if (since == null) {
            return null;
        }
        long seconds = Duration.between(since, Instant.now()).toSeconds();
        String period = " from " + since + " for " + seconds + " s";
        String note = "labwatch: " + what
                + (absentService == null
                        ? " failed" + period + " (" + reason + ")"
                        : ": no " + absentService + " was bound" + period)
                + (late > 0 || dropped > 0 ? "; " + late + " held " + units + " were written late" : "")
                + (dropped > 0 ? ", " + dropped + " were lost because the in-memory backlog was full" : "");
        console.println(note);
        since = null;
        reason = null;
        late = 0;
        dropped = 0;
        return note;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

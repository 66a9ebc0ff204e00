package org.labwatch.internal.ship;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One period during which the server could not be used, for the two lines that make it visible:
 * when it begins (who, what failed, that shipping keeps retrying) and when the server holds
 * everything again ("caught up after N s").
 */
final class ShipOutage {

    private final PrintStream console;
    private final Duration maxBackoff;
    private Instant since;
    private String reason;
    private int failures;

    ShipOutage(PrintStream console, Duration maxBackoff) {
        this.console = console;
        this.maxBackoff = maxBackoff;
    }

    boolean active() {
        return since != null;
    }

    /** @param who e.g. "labwatch: shipping root 'qubit1' (/data/qubit1/monitoring) to https://labserver:8888" */
    void failed(String who, IngestFailure failure) {
        reason = failure.getMessage();
        failures++;
        if (since == null) {
            since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String hint = failure.kind() == IngestFailure.Kind.REFUSED
                    ? " (./labwatch token on the server adds tokens; the token file is read again at each retry)"
                    : "";
            console.println(who + " failed: " + reason + hint + ". Retrying until it works (at most "
                    + Durations.text(maxBackoff)
                    + " apart); the files stay where they are, nothing is lost.");
        }
    }

    /** The server holds everything again: the note to show (null when there was no outage), and the outage ends. */
    String caughtUp(String who) {
        if (since == null) {
            return null;
        }
        long seconds = Duration.between(since, Instant.now()).toSeconds();
        String note = who + ": caught up after " + seconds + " s (failing from " + since + ", " + failures
                + " attempt(s); last: " + reason + ")";
        console.println(note);
        since = null;
        reason = null;
        failures = 0;
        return note;
    }

    /** For a report at exit: what has been failing since when, or null. */
    String describe() {
        return since == null ? null : "failing since " + since + ": " + reason;
    }
}

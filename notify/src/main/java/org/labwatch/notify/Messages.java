package org.labwatch.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.Liveness;
import org.labwatch.spi.StatusReading;

/**
 * The text of an event: the run's final message, its last error with the exception that caused it,
 * how long it has been silent. Readings the index hands out are list views without errors, so the
 * last error needs the whole status: read only when some channel sends the event, and once.
 */
final class Messages {

    /** Chat channels cut long texts anyway; a whole stack trace belongs in the log, which the link shows. */
    static final int MAX_CHARS = 1000;

    private Messages() {}

    /** Computed at most once, on the engine's thread, when a channel first asks. */
    static final class Message implements Supplier<String> {
        private final Supplier<String> source;
        private String text;
        private boolean done;

        Message(Supplier<String> source) {
            this.source = source;
        }

        @Override
        public String get() {
            if (!done) {
                text = cut(source.get());
                done = true;
            }
            return text;
        }
    }

    static Message fixed(String text) {
        return new Message(() -> text);
    }

    static Message finished(RunView run, Function<String, Optional<StatusReading>> read) {
        if (!run.state().equals("failed")) {
            return fixed(orElse(run.message(), "the run " + run.state()));
        }
        return new Message(() -> {
            String message = orElse(run.message(), "the run failed");
            ErrorRecord last = lastError(run, read);
            return last == null ? message : withCause(message, last);
        });
    }

    static Message stale(RunView run) {
        String silence = orElse(run.staleReason(), "no sign of life");
        return fixed(
                run.message() == null || run.message().isBlank()
                        ? silence
                        : silence + "; last message: " + run.message());
    }

    static Message recovered(RunView before, RunView now) {
        if (before.lastSignOfLife() != null && now.lastSignOfLife() != null) {
            Duration silent = Duration.between(before.lastSignOfLife(), now.lastSignOfLife());
            return fixed("alive again after " + Liveness.describe(silent) + " of silence");
        }
        return fixed("alive again");
    }

    static Message error(RunView run, Function<String, Optional<StatusReading>> read) {
        return new Message(() -> {
            ErrorRecord last = lastError(run, read);
            return last == null ? orElse(run.message(), "the run logged an error") : withCause(last.message(), last);
        });
    }

    private static ErrorRecord lastError(RunView run, Function<String, Optional<StatusReading>> read) {
        List<ErrorRecord> errors = read.apply(run.id())
                .filter(StatusReading::readable)
                .map(r -> r.status().errors())
                .orElse(List.of());
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }

    /** The message, and the exception's own line ("java.io.IOException: disk full") when it says more. */
    private static String withCause(String message, ErrorRecord error) {
        String text = orElse(message, orElse(error.message(), "error"));
        String trace = error.traceback();
        if (trace == null || trace.isBlank()) {
            return text;
        }
        // Java puts the exception first; Python last, after "Traceback (most recent call last):".
        List<String> lines = trace.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        String cause = lines.get(0).startsWith("Traceback") ? lines.get(lines.size() - 1) : lines.get(0);
        return cause.isEmpty() || text.contains(cause) ? text : text + "\n" + cause;
    }

    private static String orElse(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text;
    }

    /** At most {@link #MAX_CHARS} characters, cut with an ellipsis; a surrogate pair (an emoji) is not split. */
    static String cut(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}

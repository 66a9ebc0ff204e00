package org.labwatch.internal.ship;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Lines on stderr about one file or condition, each said once until the condition clears: a
 * shipper that retries every few seconds for a week must not fill a terminal or a log with the
 * same sentence.
 */
final class Reports {

    private final PrintStream console;
    private final Set<String> said = new HashSet<>();

    Reports(PrintStream console) {
        this.console = console;
    }

    synchronized void once(String key, String line) {
        if (said.add(key)) {
            console.println(line);
        }
    }

    synchronized void clear(String key) {
        said.remove(key);
    }

    void say(String line) {
        console.println(line);
    }
}
